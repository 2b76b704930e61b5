import 'reflect-metadata';
import { createLogger, stopOnSignals } from '@party/subgraph-kit';
import { startMembershipSubgraph } from './app';
import { loadMembershipConfig, SUBGRAPH_NAME } from './config';

async function main() {
  const config = loadMembershipConfig();
  const log = createLogger(SUBGRAPH_NAME, config.logLevel);
  const server = await startMembershipSubgraph(config, { log });
  stopOnSignals(server.stop, log);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
