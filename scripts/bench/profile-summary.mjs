// Summarises a V8 CPU profile (node --cpu-prof): self time by package and by function, and the total
// (inclusive) time of the functions whose name matches BENCH_INCLUSIVE (a regular expression).
//
//   node scripts/bench/profile-summary.mjs .data/prof/CPU.*.cpuprofile [top=40]
import { readFileSync } from 'node:fs';

const [file, topArg] = process.argv.slice(2);
if (!file) {
  console.error('usage: node scripts/bench/profile-summary.mjs <file.cpuprofile> [top]');
  process.exit(1);
}
const top = Number(topArg ?? 40);
const profile = JSON.parse(readFileSync(file, 'utf8'));
const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

// Sample time per node (µs), from timeDeltas.
const selfUs = new Map();
for (let i = 0; i < profile.samples.length; i++) {
  const id = profile.samples[i];
  selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
}
const total = [...selfUs.values()].reduce((a, b) => a + b, 0);

const pkgOf = (url) => {
  if (!url) return '(native/V8)';
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (m) return m[1];
  if (url.startsWith('node:')) return 'node:' + url.slice(5).split('/')[0];
  const w = /\/(apps|packages)\/([^/]+)\//.exec(url);
  if (w) return `${w[1]}/${w[2]}`;
  return url.replace(/^file:\/\//, '').split('/').slice(-2).join('/');
};
const label = (n) => `${n.callFrame.functionName || '(anonymous)'} ${pkgOf(n.callFrame.url)}:${n.callFrame.lineNumber + 1}`;

const byPkg = new Map();
const byFn = new Map();
for (const [id, us] of selfUs) {
  const n = nodes.get(id);
  const special = ['(idle)', '(program)', '(garbage collector)'].includes(n.callFrame.functionName);
  const pkg = special ? n.callFrame.functionName : pkgOf(n.callFrame.url);
  byPkg.set(pkg, (byPkg.get(pkg) ?? 0) + us);
  const fn = special ? n.callFrame.functionName : label(n);
  byFn.set(fn, (byFn.get(fn) ?? 0) + us);
}
const pct = (us) => `${((100 * us) / total).toFixed(1).padStart(5)} %`;
const show = (title, map) => {
  console.log(`\n${title}`);
  for (const [k, us] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${pct(us)}  ${(us / 1000).toFixed(0).padStart(7)} ms  ${k}`);
};
console.log(`${file}: ${(total / 1e6).toFixed(2)} s sampled`);
show('self time by package', byPkg);
show('self time by function', byFn);

if (process.env.BENCH_INCLUSIVE) {
  // Inclusive time: a sample counts once for every distinct matching function on its stack.
  const re = new RegExp(process.env.BENCH_INCLUSIVE);
  const incl = new Map();
  for (const [id, us] of selfUs) {
    const seen = new Set();
    for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
      const n = nodes.get(cur);
      const l = label(n);
      if (re.test(l) && !seen.has(l)) {
        seen.add(l);
        incl.set(l, (incl.get(l) ?? 0) + us);
      }
    }
  }
  show(`inclusive time of functions matching ${re}`, incl);
}
