// The committee tree as the explorer shows it: the loaded part of the tree flattened into the
// visible rows (what the virtualised list renders), and the WAI-ARIA tree keyboard pattern as a
// pure function from (rows, active row, key) to what should happen.

export type OrganizationKind =
  | 'CENTRAL'
  | 'PROVINCIAL'
  | 'DISTRICT'
  | 'COMMUNE'
  | 'AFFILIATED'
  | 'GRASSROOTS_COMMITTEE'
  | 'GRASSROOTS_CELL'
  | 'SUB_COMMITTEE'
  | 'CELL';

export interface TreeNodeData {
  id: string;
  asOf: string;
  code: string;
  name: string;
  kind: OrganizationKind;
  /** Null when withheld as a small cell (analysts: docs/decisions/0021). */
  memberCount: number | null;
  childCount: { totalCount: number };
  admissionTarget: { hasTarget: boolean; target: number; admitted: number | null; achievementRate: number | null } | null;
}

/** What is known of one expanded node's children. */
export interface ChildrenState {
  nodes: TreeNodeData[];
  totalCount: number;
  hasNextPage: boolean;
  loading: boolean;
  error: string | null;
}

export type TreeRow =
  | { type: 'node'; key: string; node: TreeNodeData; level: number; setSize: number; posInSet: number; parentId: string | null; expandable: boolean; expanded: boolean }
  | { type: 'more'; key: string; parentId: string; level: number; remaining: number; loading: boolean; error: string | null };

/** Depth-first rows of the visible tree: roots, and the loaded children of every expanded node. */
export function flattenTree(roots: TreeNodeData[], children: ReadonlyMap<string, ChildrenState>, expanded: ReadonlySet<string>): TreeRow[] {
  const rows: TreeRow[] = [];
  const seen = new Set<string>();
  const walk = (nodes: TreeNodeData[], level: number, parentId: string | null, setSize: number) => {
    nodes.forEach((node, i) => {
      if (seen.has(node.id)) return; // a cycle cannot happen on one day, but never loop
      seen.add(node.id);
      const expandable = node.childCount.totalCount > 0;
      const isOpen = expandable && expanded.has(node.id);
      rows.push({ type: 'node', key: node.id, node, level, setSize, posInSet: i + 1, parentId, expandable, expanded: isOpen });
      if (!isOpen) return;
      const state = children.get(node.id);
      if (!state) {
        rows.push({ type: 'more', key: `${node.id}:more`, parentId: node.id, level: level + 1, remaining: node.childCount.totalCount, loading: true, error: null });
        return;
      }
      walk(state.nodes, level + 1, node.id, state.totalCount);
      if (state.hasNextPage || state.error || (state.loading && state.nodes.length === 0)) {
        rows.push({ type: 'more', key: `${node.id}:more`, parentId: node.id, level: level + 1, remaining: Math.max(0, state.totalCount - state.nodes.length), loading: state.loading, error: state.error });
      }
    });
  };
  walk(roots, 1, null, roots.length);
  return rows;
}

export type TreeAction =
  | { type: 'focus'; index: number }
  | { type: 'expand'; id: string }
  | { type: 'collapse'; id: string }
  | { type: 'expandSiblings'; ids: string[] }
  | { type: 'select'; id: string }
  | { type: 'loadMore'; parentId: string }
  | { type: 'none' };

/** The WAI-ARIA tree view keyboard interaction (https://www.w3.org/WAI/ARIA/apg/patterns/treeview/). */
export function keyAction(rows: TreeRow[], active: number, key: string): TreeAction {
  if (rows.length === 0) return { type: 'none' };
  const i = Math.min(Math.max(active, 0), rows.length - 1);
  const row = rows[i]!;
  switch (key) {
    case 'ArrowDown':
      return i < rows.length - 1 ? { type: 'focus', index: i + 1 } : { type: 'none' };
    case 'ArrowUp':
      return i > 0 ? { type: 'focus', index: i - 1 } : { type: 'none' };
    case 'Home':
      return { type: 'focus', index: 0 };
    case 'End':
      return { type: 'focus', index: rows.length - 1 };
    case 'ArrowRight':
      if (row.type !== 'node' || !row.expandable) return { type: 'none' };
      if (!row.expanded) return { type: 'expand', id: row.node.id };
      return i + 1 < rows.length && rows[i + 1]!.level > row.level ? { type: 'focus', index: i + 1 } : { type: 'none' };
    case 'ArrowLeft': {
      if (row.type === 'node' && row.expanded) return { type: 'collapse', id: row.node.id };
      const parentId = row.parentId;
      if (!parentId) return { type: 'none' };
      const p = rows.findIndex((r) => r.type === 'node' && r.node.id === parentId);
      return p >= 0 ? { type: 'focus', index: p } : { type: 'none' };
    }
    case 'Enter':
    case ' ':
      if (row.type === 'more') return row.loading ? { type: 'none' } : { type: 'loadMore', parentId: row.parentId };
      return { type: 'select', id: row.node.id };
    case '*': {
      const ids = rows.filter((r): r is Extract<TreeRow, { type: 'node' }> => r.type === 'node' && r.parentId === row.parentId && r.expandable && !r.expanded).map((r) => r.node.id);
      return ids.length ? { type: 'expandSiblings', ids } : { type: 'none' };
    }
    default:
      return { type: 'none' };
  }
}
