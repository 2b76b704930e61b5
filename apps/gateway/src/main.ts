import { createLogger, stopOnSignals } from '@party/subgraph-kit';
import { loadGatewayConfig } from './config';
import { startGateway } from './gateway';

async function main() {
  const config = loadGatewayConfig();
  const log = createLogger('gateway', config.logLevel);
  const server = await startGateway(config, { log });
  stopOnSignals(server.stop, log);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
