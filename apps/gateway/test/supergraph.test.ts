import { readdirSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { composeSupergraph } from '../src/compose';
import { loadSupergraphSdl } from '../src/supergraph';

const apps = path.resolve(__dirname, '..', '..');

/** The subgraphs as scripts/subgraphs.mjs finds them: apps whose package.json has a "subgraph" entry. */
function subgraphs() {
  return readdirSync(apps)
    .map((dir) => path.join(apps, dir))
    .filter((dir) => existsSync(path.join(dir, 'package.json')))
    .map((dir) => ({ dir, pkg: JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) }))
    .filter(({ pkg }) => pkg.subgraph)
    .sort((a, b) => a.pkg.subgraph.port - b.pkg.subgraph.port)
    .map(({ dir, pkg }) => ({ name: pkg.subgraph.name, url: `http://127.0.0.1:${pkg.subgraph.port}/graphql`, sdl: readFileSync(path.join(dir, 'schema.graphql'), 'utf8') }));
}

test('the checked-in supergraph is the composition of the checked-in subgraph schemas (run `npm run schema` if not)', () => {
  expect(loadSupergraphSdl()).toBe(composeSupergraph(subgraphs()));
});

test('composition errors are reported, not swallowed', () => {
  const broken = { name: 'broken', url: 'http://127.0.0.1:1/graphql', sdl: 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])\ntype Organization @key(fields: "id") { id: Int! }' };
  expect(() => composeSupergraph([...subgraphs(), broken])).toThrow(/composition failed/);
});
