import { createTestDatabase, type TestDatabase } from '@party/testing';
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..', '..');

/** Start commands still running: stopped by stopStartedPlatforms() even if a start timed out half-way. */
const started = new Set<() => Promise<void>>();

export async function stopStartedPlatforms(): Promise<void> {
  for (const stop of [...started]) await stop();
}

export interface PlatformProcess {
  webUrl: string;
  /** What the start command printed (for diagnostics). */
  output: () => string;
  stop: () => Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/**
 * The README's start command (`node scripts/start.mjs`, after the build) on a fresh database of
 * the test server and free ports: subgraphs, gateway, demo data and the web client, as a user gets them.
 * `opts.env` adds to its environment (e.g. an identity provider); `opts.webPort` fixes the web client's port.
 */
export async function startPlatformProcess(timeoutMs = 180000, opts: { env?: Record<string, string>; webPort?: number } = {}): Promise<PlatformProcess> {
  const db: TestDatabase = await createTestDatabase('e2e');
  const [gateway, organization, membership, evaluation, web] = await Promise.all([freePort(), freePort(), freePort(), freePort(), opts.webPort ?? freePort()]);
  let out = '';
  const child: ChildProcess = spawn(process.execPath, [path.join(REPO_ROOT, 'scripts', 'start.mjs')], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      DATABASE_URL: db.url,
      GATEWAY_PORT: String(gateway),
      ORGANIZATION_PORT: String(organization),
      MEMBERSHIP_PORT: String(membership),
      EVALUATION_PORT: String(evaluation),
      WEB_PORT: String(web),
      NODE_ENV: 'development',
      LOG_LEVEL: 'warn',
      ...opts.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
  const stop = async () => {
    started.delete(stop);
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([exited, new Promise((r) => (timer = setTimeout(r, 20000)))]);
      clearTimeout(timer);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
    await db.drop();
  };
  started.add(stop);
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the platform did not start within ${timeoutMs} ms:\n${out}`)), timeoutMs);
      const check = () => {
        if (/Web client:\s+http:\/\/localhost:\d+/.test(out) && out.includes('Stop with Ctrl+C')) {
          clearTimeout(timer);
          resolve();
        }
      };
      child.stdout!.on('data', check);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`the start command exited (${code}):\n${out}`));
      });
    });
  } catch (e) {
    await stop();
    throw e;
  }
  return { webUrl: `http://127.0.0.1:${web}`, output: () => out, stop };
}
