// A member register file in the import layout (apps/membership/src/services/member-import.layout.ts), for
// measuring `npm run import -- members`: `rows` members of the cells of a database's organisation tree, each
// admitted to a cell on a day that cell existed, most recognised 12 months later, a few ended; Vietnamese names
// from packages/demo-data; unique citizen IDs and party card numbers; a fifth of the dates written DD/MM/YYYY.
// Deterministic from the seed.
//
//   node scripts/bench/member-file.mjs --rows 100000 --out /tmp/members-100k.csv --database-url postgres://…/db
//   (the database: any one the organization subgraph has migrated, with cells; --today YYYY-MM-DD, --seed N)
import { createWriteStream } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(path.join(root, 'package.json'));

export const HEADER = [
  'fullName', 'gender', 'birthDate', 'birthplace', 'ethnicity', 'religion', 'citizenId', 'partyCardNumber', 'educationLevel', 'occupation',
  'youthUnion', 'source', 'organizationCode', 'admittedOn', 'admissionDecisionRef', 'ageExceptionRef', 'officialOn', 'recognitionDecisionRef',
  'terminatedOn', 'terminationReason', 'terminationDecisionRef',
];

/** mulberry32: a small seeded PRNG, uniform in [0, 1). */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DAY = 86_400_000;
const toDay = (iso) => Date.parse(`${iso}T00:00:00Z`) / DAY;
const fromDay = (n) => new Date(n * DAY).toISOString().slice(0, 10);
const addMonths = (iso, months) => {
  const d = new Date(`${iso}T00:00:00Z`);
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + months);
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, last));
  return d.toISOString().slice(0, 10);
};
const vn = (iso) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
const quote = (v) => (v === null || v === undefined ? '' : /[",\n]/.test(v) ? `"${String(v).replace(/"/g, '""')}"` : String(v));

/**
 * The cells of a database's tree and the days each existed: one entry per cell version of a CELL or
 * GRASSROOTS_CELL (code, first day, first day after) whose days lie between 1980 and `today`.
 */
export async function cellsOf(client, today) {
  const { rows } = await client.query(
    `SELECT code, greatest(valid_from, DATE '1980-01-01')::text AS "from", least(valid_to, $1::date)::text AS "to"
       FROM organization.tree_v1
      WHERE kind IN ('CELL', 'GRASSROOTS_CELL') AND valid_to > DATE '1980-01-01' AND valid_from < $1::date
        AND least(valid_to, $1::date) - greatest(valid_from, DATE '1980-01-01') > 30
      ORDER BY code, valid_from`,
    [today],
  );
  return rows;
}

/** Writes the file; returns the counts of what it holds. */
export async function writeMemberFile(out, { cells, rows, today, seed = 2024 }) {
  if (!cells.length) throw new Error('the database has no cells: load an organisation tree first');
  const { NAME_PARTS } = require('@party/demo-data');
  const rand = prng(seed);
  const pickWeighted = (list) => {
    const total = list.reduce((s, [, w]) => s + w, 0);
    let u = rand() * total;
    for (const [v, w] of list) if ((u -= w) < 0) return v;
    return list[list.length - 1][0];
  };
  const pick = (list) => list[Math.floor(rand() * list.length)];
  const EDUCATION = ['UPPER_SECONDARY', 'UNIVERSITY', 'UNIVERSITY', 'COLLEGE', 'VOCATIONAL', 'LOWER_SECONDARY', 'POSTGRADUATE', ''];
  const SOURCES = ['YOUTH_UNION', 'YOUTH_UNION', 'RURAL', 'WORKER', 'PUBLIC_SECTOR', 'ARMED_FORCES', 'STUDENT', 'NON_STATE_ENTERPRISE', 'OTHER'];
  const OCCUPATIONS = ['Cán bộ, công chức', 'Viên chức', 'Giáo viên', 'Công nhân', 'Nông dân', 'Ngư dân', 'Quân nhân', 'Công an', 'Kinh doanh', 'Hưu trí'];
  const ETHNIC = [['Kinh', 76], ['Chăm', 12], ['Raglai', 10], ['Hoa', 1], ['Chu Ru', 1]];
  const PLACES = ['Phan Rang – Tháp Chàm', 'Ninh Hải', 'Ninh Phước', 'Ninh Sơn', 'Bác Ái', 'Thuận Bắc', 'Thuận Nam'];
  const REASONS = ['DECEASED', 'DECEASED', 'WITHDRAWN', 'STRUCK_OFF', 'EXPELLED'];
  const todayN = toDay(today);
  const stats = { rows, official: 0, probationary: 0, terminated: 0 };
  const stream = createWriteStream(out);
  const write = (line) => (stream.write(line) ? Promise.resolve() : new Promise((r) => stream.once('drain', r)));
  await write(HEADER.join(',') + '\n');
  for (let i = 1; i <= rows; i++) {
    const cell = cells[Math.floor(rand() * cells.length)];
    const from = toDay(cell.from);
    const to = Math.min(toDay(cell.to), todayN);
    const admittedOn = fromDay(from + Math.floor(Math.sqrt(rand()) * (to - from - 1)));
    const gender = rand() < 0.35 ? 'FEMALE' : 'MALE';
    const age = 18 + Math.floor(Math.pow(rand(), 2) * 40);
    const birthDate = fromDay(toDay(addMonths(admittedOn, -12 * age)) - 1 - Math.floor(rand() * 300));
    const fullName = `${pickWeighted(NAME_PARTS.family)} ${pickWeighted(NAME_PARTS.middle[gender])} ${pick(NAME_PARTS.given[gender])}`;
    const recognisable = addMonths(admittedOn, 12);
    let officialOn = null;
    if (toDay(recognisable) < todayN && rand() < 0.97) officialOn = fromDay(Math.min(todayN - 1, toDay(recognisable) + Math.floor(rand() * 40)));
    let terminatedOn = null;
    let reason = null;
    const last = toDay(officialOn ?? admittedOn);
    if (rand() < 0.03 && last + 2 < todayN) {
      terminatedOn = fromDay(last + 1 + Math.floor(rand() * (todayN - last - 2)));
      reason = officialOn ? pick(REASONS) : 'PROBATION_NOT_RECOGNIZED';
    }
    if (terminatedOn) stats.terminated++;
    else if (officialOn) stats.official++;
    else stats.probationary++;
    const date = rand() < 0.2 ? vn : (x) => x;
    const row = [
      fullName, gender, date(birthDate), pick(PLACES), pickWeighted(ETHNIC), rand() < 0.05 ? 'Phật giáo' : '',
      String(100_000_000_000 + seed * 1_000_000 + i).slice(-12), officialOn ? `NT${String(i).padStart(8, '0')}` : '', pick(EDUCATION), pick(OCCUPATIONS),
      age <= 30 && rand() < 0.8 ? 'có' : 'không', pick(SOURCES), cell.code, date(admittedOn), `${(i % 900) + 1}-QĐ/ĐU`, '',
      officialOn ? date(officialOn) : '', officialOn ? `${(i % 700) + 1}-QĐ/ĐU` : '',
      terminatedOn ? date(terminatedOn) : '', reason ?? '', terminatedOn ? `${(i % 500) + 1}-QĐ/ĐU` : '',
    ];
    await write(row.map(quote).join(',') + '\n');
  }
  await new Promise((resolve, reject) => stream.end((e) => (e ? reject(e) : resolve())));
  return stats;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const args = process.argv.slice(2);
  const opt = (name, fallback) => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 ? args[i + 1] : fallback;
  };
  const rows = Number(opt('rows', '100000'));
  const out = opt('out');
  const url = opt('database-url', process.env.DATABASE_URL);
  const today = opt('today', new Date().toISOString().slice(0, 10));
  const seed = Number(opt('seed', '2024'));
  if (!out || !url || !Number.isInteger(rows) || rows < 1) {
    console.error('usage: node scripts/bench/member-file.mjs --rows N --out FILE.csv --database-url URL [--today YYYY-MM-DD] [--seed N]');
    process.exit(2);
  }
  const pg = require('pg');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const cells = await cellsOf(client, today);
  await client.end();
  const stats = await writeMemberFile(out, { cells, rows, today, seed });
  console.log(`${out}: ${rows.toLocaleString('en')} members (${stats.official} official, ${stats.probationary} probationary, ${stats.terminated} ended) in ${cells.length} cell versions`);
}
