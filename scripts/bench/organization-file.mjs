// An organisation register file in the import layout (apps/organization/src/services/organization-import.layout.ts),
// for measuring `npm run import -- organizations`: a whole tree of `rows` organisations under one new CENTRAL root
// (code = --prefix): provinces of 8 districts, each with 10 grassroots committees of 18 cells and 5 grassroots
// cells (1,561 rows a province), Vietnamese names, establishment days from 1990 to 2021 (children never before
// their parent; a third written DD/MM/YYYY), one decision reference per committee and its cells but the cells on
// days of their own, so nearly every row is an ESTABLISH change of its own (the import's worst case). Each
// province's rows are written children first, so the import has to sort them.
//
//   node scripts/bench/organization-file.mjs --rows 100000 --out /tmp/orgs-100k.csv [--prefix BENCH] [--xlsx]
import { createWriteStream } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(path.join(root, 'package.json'));

export const HEADER = ['code', 'name', 'kind', 'sector', 'parentCode', 'establishedOn', 'decisionRef', 'note'];

const pad = (n, w = 2) => String(n).padStart(w, '0');
const day = (y, m, d, dmy) => (dmy ? `${pad(d)}/${pad(m)}/${y}` : `${y}-${pad(m)}-${pad(d)}`);

/** The rows, parents' establishment never after their children's. */
export function organizationRows(rows, prefix = 'BENCH') {
  const out = [[prefix, `Trung ương (thử nghiệm ${prefix})`, 'CENTRAL', '', '', '1990-01-01', `1-QĐ/TW-${prefix}`, '']];
  for (let p = 1; out.length < rows; p++) {
    const block = [];
    const pc = `${prefix}-P${p}`;
    block.push([pc, `Đảng bộ tỉnh Thử nghiệm ${p}`, 'PROVINCIAL', '', prefix, day(1995, 1 + (p % 12), 1, false), `${p}-QĐ/TW`, '']);
    for (let d = 1; d <= 8; d++) {
      const dc = `${pc}-D${d}`;
      block.push([dc, `Đảng bộ huyện Số ${d} tỉnh ${p}`, 'DISTRICT', '', pc, day(2000, d, 15, d % 3 === 0), `${d}-QĐ/TU-${p}`, '']);
      for (let g = 1; g <= 15; g++) {
        const gc = `${dc}-G${g}`;
        const y = 2005 + (g % 10);
        const ref = `${g}-QĐ/HU-${p}-${d}`;
        if (g <= 10) {
          block.push([gc, `Đảng bộ xã Phước ${g} huyện ${d}`, 'GRASSROOTS_COMMITTEE', 'COMMUNE', dc, day(y, 3, 2, g % 3 === 0), ref, '']);
          for (let c = 1; c <= 18; c++) {
            block.push([`${gc}-C${c}`, `Chi bộ thôn Mỹ Hải ${c}`, 'CELL', 'RESIDENTIAL_AREA', gc, day(y + 1 + (c % 6), 1 + (c % 12), 1 + (c % 28), c % 3 === 0), ref, '']);
          }
        } else {
          block.push([gc, `Chi bộ Trường học số ${g} huyện ${d}`, 'GRASSROOTS_CELL', 'SCHOOL', dc, day(y, 9, 5, false), ref, 'từ sổ đăng ký cũ']);
        }
      }
    }
    out.push(...block.slice(0, rows - out.length).reverse());
  }
  return out;
}

const quote = (v) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

async function main() {
  const args = process.argv.slice(2);
  const opt = (name, dflt) => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 ? args[i + 1] : dflt;
  };
  const rows = Number(opt('rows', '100000'));
  const prefix = opt('prefix', 'BENCH');
  const out = opt('out', `/tmp/organizations-${rows}.${args.includes('--xlsx') ? 'xlsx' : 'csv'}`);
  const data = organizationRows(rows, prefix);
  if (out.endsWith('.xlsx')) {
    const ExcelJS = require('exceljs');
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Tổ chức');
    ws.addRow(HEADER);
    for (const r of data) ws.addRow(r);
    await wb.xlsx.writeFile(out);
  } else {
    const w = createWriteStream(out);
    w.write(HEADER.join(',') + '\n');
    for (const r of data) w.write(r.map(quote).join(',') + '\n');
    await new Promise((resolve) => w.end(resolve));
  }
  console.log(`${data.length} organisations → ${out}`);
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) await main();
