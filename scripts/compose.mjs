// Composes the checked-in subgraph SDLs into apps/gateway/supergraph.graphql.
// Composition errors fail the command (and so the build and CI).
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { listSubgraphs, root } from './subgraphs.mjs';

const require = createRequire(import.meta.url);
const { composeSupergraph } = require(path.join(root, 'apps/gateway/dist/compose.js'));

const subgraphs = listSubgraphs().map((s) => ({ name: s.name, url: s.url, sdl: readFileSync(s.schemaFile, 'utf8') }));
const target = path.join(root, 'apps/gateway/supergraph.graphql');
try {
  writeFileSync(target, composeSupergraph(subgraphs));
  console.log(`composed ${subgraphs.map((s) => s.name).join(', ')} → ${path.relative(root, target)}`);
} catch (e) {
  console.error(e.message);
  process.exit(1);
}
