/**
 * Materialised paths: every organisation version stores the chain of node
 * numbers from its root, base-36, each followed by a dot: "1.5.n3.".
 * "Everything under X" is `path LIKE X.path || '%'`, a range scan on a
 * C-collated B-tree index (docs/decisions/0001-dated-tree-storage.md).
 */
export const label = (node: string | number | bigint) => BigInt(node).toString(36) + '.';

export const childPath = (parentPath: string | null, node: string | number | bigint) => (parentPath ?? '') + label(node);

/** Node numbers on a path, root first. */
export function pathNodes(path: string): string[] {
  return path
    .split('.')
    .filter(Boolean)
    .map((l) => parseInt36(l).toString());
}

function parseInt36(text: string): bigint {
  let n = 0n;
  for (const ch of text) n = n * 36n + BigInt(parseInt(ch, 36));
  return n;
}

export const pathDepth = (path: string) => path.split('.').length - 2;

export const isUnder = (path: string, ancestorPath: string) => path.startsWith(ancestorPath);
