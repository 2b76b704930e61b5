// Jest global setup: one PostgreSQL for the whole run. TEST_DATABASE_URL names a
// server to use (an administrative URL: tests create and drop databases on it);
// otherwise an embedded PostgreSQL starts in a throwaway folder. scripts/test.mjs
// starts one for all packages and hands it over as TEST_ADMIN_URL.
import { startEmbeddedPostgres } from '@party/embedded-db';
import os from 'node:os';
import path from 'node:path';

export default async function globalSetup() {
  if (process.env.TEST_ADMIN_URL) return;
  if (process.env.TEST_DATABASE_URL) {
    process.env.TEST_ADMIN_URL = process.env.TEST_DATABASE_URL;
    return;
  }
  const db = await startEmbeddedPostgres({ dataDir: path.join(os.tmpdir(), `party-test-pg-${process.pid}`), persistent: false });
  process.env.TEST_ADMIN_URL = db.url;
  globalThis.__EMBEDDED_PG__ = db;
}
