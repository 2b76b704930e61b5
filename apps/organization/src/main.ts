import 'reflect-metadata';
import { createLogger, stopOnSignals } from '@party/subgraph-kit';
import { startOrganizationSubgraph } from './app';
import { loadOrganizationConfig, SUBGRAPH_NAME } from './config';

async function main() {
  const config = loadOrganizationConfig();
  const log = createLogger(SUBGRAPH_NAME, config.logLevel);
  const server = await startOrganizationSubgraph(config, { log });
  stopOnSignals(server.stop, log);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
