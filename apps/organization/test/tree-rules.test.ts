/**
 * Pure unit tests of the tree rules in src/domain: which kind may sit under
 * which, merges, upgrades/downgrades, materialised paths and search folding.
 */
import { ALLOWED_PARENTS, KIND_LEVEL, ORGANIZATION_KINDS, kindChange, mayHaveParent, mergeable, type OrganizationKind } from '../src/domain/kinds';
import { childPath, isUnder, label, pathDepth, pathNodes } from '../src/domain/path';
import { foldForSearch, searchTokens } from '@party/subgraph-kit';

describe('mayHaveParent', () => {
  test('a CELL sits only under a GRASSROOTS_COMMITTEE or a SUB_COMMITTEE', () => {
    const allowed = ORGANIZATION_KINDS.filter((parent) => mayHaveParent('CELL', parent));
    expect(allowed).toEqual(['GRASSROOTS_COMMITTEE', 'SUB_COMMITTEE']);
    expect(mayHaveParent('CELL', null)).toBe(false);
    expect(mayHaveParent('CELL', 'DISTRICT')).toBe(false);
    expect(mayHaveParent('CELL', 'GRASSROOTS_CELL')).toBe(false);
    expect(mayHaveParent('CELL', 'CELL')).toBe(false);
  });

  test('only CENTRAL and PROVINCIAL may be roots', () => {
    const roots = ORGANIZATION_KINDS.filter((k) => mayHaveParent(k, null));
    expect(roots).toEqual(['CENTRAL', 'PROVINCIAL']);
    expect(mayHaveParent('CENTRAL', 'PROVINCIAL')).toBe(false);
    expect(mayHaveParent('PROVINCIAL', 'CENTRAL')).toBe(true);
  });

  test('grassroots organisations sit under province, district, commune or affiliated committee', () => {
    for (const k of ['GRASSROOTS_COMMITTEE', 'GRASSROOTS_CELL'] as const) {
      const allowed = ORGANIZATION_KINDS.filter((parent) => mayHaveParent(k, parent));
      expect(allowed).toEqual(['PROVINCIAL', 'DISTRICT', 'COMMUNE', 'AFFILIATED']);
    }
  });

  test('districts only under a province; communes under a province or a district; sub-committees only under a grassroots committee', () => {
    expect(ORGANIZATION_KINDS.filter((p) => mayHaveParent('DISTRICT', p))).toEqual(['PROVINCIAL']);
    expect(ORGANIZATION_KINDS.filter((p) => mayHaveParent('COMMUNE', p))).toEqual(['PROVINCIAL', 'DISTRICT']);
    expect(ORGANIZATION_KINDS.filter((p) => mayHaveParent('SUB_COMMITTEE', p))).toEqual(['GRASSROOTS_COMMITTEE']);
    expect(ORGANIZATION_KINDS.filter((p) => mayHaveParent('AFFILIATED', p))).toEqual(['CENTRAL', 'PROVINCIAL']);
  });

  test('no kind may sit under a cell (cells hold members, not organisations)', () => {
    for (const k of ORGANIZATION_KINDS) {
      expect(mayHaveParent(k, 'CELL')).toBe(false);
      expect(mayHaveParent(k, 'GRASSROOTS_CELL')).toBe(false);
    }
  });

  test('every kind has rules and a level', () => {
    for (const k of ORGANIZATION_KINDS) {
      expect(ALLOWED_PARENTS[k].length).toBeGreaterThan(0);
      expect(Number.isInteger(KIND_LEVEL[k])).toBe(true);
    }
  });
});

describe('mergeable', () => {
  test('equal kinds merge', () => {
    for (const k of ORGANIZATION_KINDS) expect(mergeable(k, k)).toBe(true);
  });

  test('grassroots cells and committees are one family', () => {
    expect(mergeable('GRASSROOTS_CELL', 'GRASSROOTS_COMMITTEE')).toBe(true);
    expect(mergeable('GRASSROOTS_COMMITTEE', 'GRASSROOTS_CELL')).toBe(true);
  });

  test('other different kinds do not merge, even at the same level', () => {
    const pairs: [OrganizationKind, OrganizationKind][] = [
      ['CELL', 'DISTRICT'],
      ['DISTRICT', 'CELL'],
      ['DISTRICT', 'COMMUNE'],
      ['DISTRICT', 'AFFILIATED'],
      ['CELL', 'GRASSROOTS_CELL'],
      ['CELL', 'SUB_COMMITTEE'],
      ['PROVINCIAL', 'CENTRAL'],
    ];
    for (const [a, b] of pairs) expect([a, b, mergeable(a, b)]).toEqual([a, b, false]);
  });
});

describe('kindChange', () => {
  test('grassroots cell → grassroots committee is an upgrade, and back a downgrade', () => {
    expect(kindChange('GRASSROOTS_CELL', 'GRASSROOTS_COMMITTEE')).toBe('UPGRADE');
    expect(kindChange('GRASSROOTS_COMMITTEE', 'GRASSROOTS_CELL')).toBe('DOWNGRADE');
  });

  test('cell → sub-committee → grassroots cell rise step by step', () => {
    expect(kindChange('CELL', 'SUB_COMMITTEE')).toBe('UPGRADE');
    expect(kindChange('SUB_COMMITTEE', 'GRASSROOTS_CELL')).toBe('UPGRADE');
    expect(kindChange('CELL', 'CENTRAL')).toBe('UPGRADE');
    expect(kindChange('CENTRAL', 'CELL')).toBe('DOWNGRADE');
  });

  test('same kind or same level is neither', () => {
    expect(kindChange('DISTRICT', 'DISTRICT')).toBeNull();
    expect(kindChange('DISTRICT', 'COMMUNE')).toBeNull();
    expect(kindChange('COMMUNE', 'AFFILIATED')).toBeNull();
  });
});

describe('materialised paths', () => {
  test('childPath appends the base-36 label and a dot', () => {
    expect(label(1)).toBe('1.');
    expect(label(35)).toBe('z.');
    expect(label(36)).toBe('10.');
    expect(childPath(null, 1)).toBe('1.');
    expect(childPath('1.', 5)).toBe('1.5.');
    expect(childPath('1.5.', 827)).toBe('1.5.mz.');
    expect(childPath('1.', 123456789n)).toBe('1.21i3v9.');
    expect(childPath('1.', '46656')).toBe('1.1000.');
  });

  test('pathNodes gives the node numbers root first, as decimal strings', () => {
    expect(pathNodes('1.')).toEqual(['1']);
    expect(pathNodes('1.5.mz.')).toEqual(['1', '5', '827']);
    expect(pathNodes(childPath(childPath(childPath(null, 7), 36), 9007199254740993n))).toEqual(['7', '36', '9007199254740993']);
  });

  test('childPath and pathNodes round-trip', () => {
    const nodes = [3n, 1295n, 46656n, 99999999999n];
    let path: string | null = null;
    for (const n of nodes) path = childPath(path, n);
    expect(pathNodes(path!)).toEqual(nodes.map(String));
    expect(pathDepth(path!)).toBe(3);
    expect(pathDepth('1.')).toBe(0);
  });

  test('isUnder: a path is under itself and its ancestors, not under a sibling sharing a prefix', () => {
    expect(isUnder('1.5.mz.', '1.')).toBe(true);
    expect(isUnder('1.5.mz.', '1.5.')).toBe(true);
    expect(isUnder('1.5.', '1.5.')).toBe(true);
    expect(isUnder('1.5.', '1.5.mz.')).toBe(false);
    // "1.50." shares the characters "1.5" with "1.5." but is a sibling, not a child.
    expect(isUnder('1.50.', '1.5.')).toBe(false);
    expect(isUnder('1.5a.3.', '1.5.')).toBe(false);
    expect(isUnder('2.5.', '1.')).toBe(false);
  });
});

describe('foldForSearch', () => {
  test('drops diacritics, case and punctuation', () => {
    expect(foldForSearch('Phan Rang – Tháp Chàm')).toBe('phan rang thap cham');
    expect(foldForSearch('Đảng bộ')).toBe('dang bo');
    expect(foldForSearch('Ninh Hải')).toBe('ninh hai');
    expect(foldForSearch('Ninh Thuận')).toBe('ninh thuan');
    expect(foldForSearch('  CHI BỘ khu phố 3, phường Kinh Dinh ')).toBe('chi bo khu pho 3 phuong kinh dinh');
    expect(foldForSearch('đ Đ')).toBe('d d');
  });

  test('decomposed and precomposed input fold the same', () => {
    const precomposed = 'Hải'.normalize('NFC');
    const decomposed = 'Hải'.normalize('NFD');
    expect(decomposed).not.toBe(precomposed);
    expect(foldForSearch(decomposed)).toBe(foldForSearch(precomposed));
  });

  test('searchTokens are folded, distinct words; empty when nothing searchable remains', () => {
    expect(searchTokens('Ninh  Hải ninh')).toEqual(['ninh', 'hai']);
    expect(searchTokens(' – … ')).toEqual([]);
  });
});
