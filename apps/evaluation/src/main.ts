import 'reflect-metadata';
import { createLogger, stopOnSignals } from '@party/subgraph-kit';
import { startEvaluationSubgraph } from './app';
import { loadEvaluationConfig, SUBGRAPH_NAME } from './config';

async function main() {
  const config = loadEvaluationConfig();
  const log = createLogger(SUBGRAPH_NAME, config.logLevel);
  const server = await startEvaluationSubgraph(config, { log });
  stopOnSignals(server.stop, log);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
