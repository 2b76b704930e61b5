import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { testEnvironment } from './config';

/** Administrative URL of the test server (set by the jest global setup). */
export function testAdminUrl(): string {
  const url = testEnvironment().adminUrl;
  if (!url) throw new Error('No test database: run tests through jest with the @party/testing preset, or set TEST_DATABASE_URL');
  return url;
}

export interface TestDatabase {
  /** Administrative URL of the fresh database. */
  url: string;
  name: string;
  drop: () => Promise<void>;
}

/** A fresh, empty database for one test file; `drop()` removes it. */
export async function createTestDatabase(prefix = 't'): Promise<TestDatabase> {
  const admin = testAdminUrl();
  const name = `${prefix}_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  await client.query(`CREATE DATABASE "${name}" TEMPLATE template0 ENCODING 'UTF8'`);
  await client.end();
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    drop: async () => {
      const c = new pg.Client({ connectionString: admin });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
    },
  };
}
