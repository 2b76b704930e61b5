import { readFileSync } from 'node:fs';
import path from 'node:path';

/** Path of the checked-in supergraph, composed at build time by scripts/compose.mjs. */
export const SUPERGRAPH_PATH = path.resolve(__dirname, '..', 'supergraph.graphql');

export const loadSupergraphSdl = () => readFileSync(SUPERGRAPH_PATH, 'utf8');
