// The subgraphs of the platform: every app whose package.json declares
// `"subgraph": { "name", "port" }`. Adding a subgraph means adding such an app.
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export function listSubgraphs() {
  const apps = path.join(root, 'apps');
  return readdirSync(apps)
    .map((dir) => path.join(apps, dir))
    .filter((dir) => existsSync(path.join(dir, 'package.json')))
    .map((dir) => ({ dir, pkg: JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) }))
    .filter(({ pkg }) => pkg.subgraph)
    .map(({ dir, pkg }) => ({
      name: pkg.subgraph.name,
      port: pkg.subgraph.port,
      dir,
      package: pkg.name,
      main: path.join(dir, 'dist', 'main.js'),
      schemaFile: path.join(dir, 'schema.graphql'),
      url: `http://127.0.0.1:${pkg.subgraph.port}/graphql`,
    }))
    .sort((a, b) => a.port - b.port);
}
