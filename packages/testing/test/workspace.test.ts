import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '..', '..', '..');

test('the whole workspace resolves one single graphql', () => {
  const out = execFileSync('npm', ['ls', 'graphql', '--all', '--parseable'], { cwd: root, encoding: 'utf8' });
  const dirs = [...new Set(out.split('\n').filter((l) => l.endsWith(`${path.sep}graphql`)))];
  const versions = new Set(dirs.map((d) => JSON.parse(readFileSync(path.join(d, 'package.json'), 'utf8')).version as string));
  expect(dirs.length).toBeGreaterThan(0);
  expect([...versions]).toHaveLength(1);
  expect([...versions][0]).toMatch(/^16\./);
});
