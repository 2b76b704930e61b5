import { useQuery } from '@apollo/client';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { ErrorState, Loading } from '../components/states';
import { yearOf } from '../dates';
import { ORGANIZATION_CHILDREN, ORGANIZATION_ROOTS } from '../graphql/operations';
import { useI18n } from '../i18n/i18n';
import { OrgSearch, type SearchHit } from './org-search';
import { flattenTree, type ChildrenState, type TreeAction, type TreeNodeData } from './tree-model';
import { TreeView } from './tree-view';

/** Children are fetched lazily, a page at a time, when a node is opened or scrolled to. */
export const CHILDREN_PAGE_SIZE = 200;

interface ChildrenData {
  organization: {
    id: string;
    asOf: string;
    children: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: { cursor: string; node: TreeNodeData }[] };
  } | null;
}

/** Watches one expanded node's children on a day in the cache (renders nothing): reports them and how to load more. */
function ChildrenLoader({ id, asOf, year, onState, onLoadMore }: { id: string; asOf: string | null; year: number; onState: (id: string, s: ChildrenState) => void; onLoadMore: (id: string, fn: () => void) => void }) {
  const { data, loading, error, fetchMore } = useQuery<ChildrenData>(ORGANIZATION_CHILDREN, {
    variables: { id, asOf, year, first: CHILDREN_PAGE_SIZE },
    notifyOnNetworkStatusChange: true,
  });
  const conn = data?.organization?.children;
  useEffect(() => {
    onState(`${asOf ?? ''}|${id}`, {
      nodes: conn?.edges.map((e) => e.node) ?? [],
      totalCount: conn?.totalCount ?? 0,
      hasNextPage: conn?.pageInfo.hasNextPage ?? false,
      loading,
      error: error ? error.message : null,
    });
  }, [id, asOf, conn, loading, error, onState]);
  useEffect(() => {
    onLoadMore(id, () => {
      if (loading || !conn?.pageInfo.hasNextPage) return;
      void fetchMore({ variables: { after: conn.pageInfo.endCursor } });
    });
  }, [id, conn, loading, fetchMore, onLoadMore]);
  return null;
}

export interface TreeExplorerProps {
  asOf: string | null;
  selectedId: string | null;
  onSelect: (id: string) => void;
  height?: number;
}

/**
 * The committee tree from the user's scope down, as it stood on `asOf`: lazily expanded,
 * virtualised, keyboard-navigable, with a search that opens the path to the organisation found.
 */
export function TreeExplorer({ asOf, selectedId, onSelect, height }: TreeExplorerProps) {
  const { t } = useI18n();
  const year = yearOf(asOf);
  const roots = useQuery<{ organizationRoots: TreeNodeData[] }>(ORGANIZATION_ROOTS, { variables: { asOf, year } });
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const [children, setChildren] = useState<ReadonlyMap<string, ChildrenState>>(new Map());
  const loadMoreFns = useRef(new Map<string, () => void>());
  const [activeId, setActiveId] = useState<string | null>(null);
  const [scrollTo, setScrollTo] = useState<number | undefined>(undefined);
  const [pending, setPending] = useState<{ id: string; parentId: string | null } | null>(null);

  const onState = useCallback((id: string, s: ChildrenState) => {
    setChildren((prev) => new Map(prev).set(id, s));
  }, []);
  const onLoadMore = useCallback((id: string, fn: () => void) => {
    loadMoreFns.current.set(id, fn);
  }, []);

  // Loaded children are kept per day ("<asOf>|<id>"): another day shows another tree.
  const childrenOnDay = useMemo(() => {
    const prefix = `${asOf ?? ''}|`;
    return new Map([...children].filter(([k]) => k.startsWith(prefix)).map(([k, v]) => [k.slice(prefix.length), v]));
  }, [children, asOf]);
  const rows = useMemo(() => flattenTree(roots.data?.organizationRoots ?? [], childrenOnDay, expanded), [roots.data, childrenOnDay, expanded]);
  // The active row keeps its place when it goes away (a "loading" row replaced by the children it loaded).
  const lastIndex = useRef(0);
  const found = rows.findIndex((r) => r.key === activeId);
  const activeIndex = found >= 0 ? found : Math.max(0, Math.min(lastIndex.current, rows.length - 1));
  lastIndex.current = activeIndex;

  // After a search: once the organisation's row is loaded, focus and scroll to it; page on meanwhile.
  useEffect(() => {
    if (!pending) return;
    const index = rows.findIndex((r) => r.type === 'node' && r.node.id === pending.id);
    if (index >= 0) {
      setActiveId(pending.id);
      setScrollTo(index);
      setPending(null);
      return;
    }
    const state = pending.parentId ? childrenOnDay.get(pending.parentId) : null;
    if (state && !state.loading && state.hasNextPage) loadMoreFns.current.get(pending.parentId!)?.();
  }, [pending, rows, childrenOnDay]);

  const onAction = useCallback(
    (action: TreeAction) => {
      switch (action.type) {
        case 'expand':
          setExpanded((prev) => new Set(prev).add(action.id));
          break;
        case 'collapse':
          setExpanded((prev) => {
            const next = new Set(prev);
            next.delete(action.id);
            return next;
          });
          break;
        case 'expandSiblings':
          setExpanded((prev) => new Set([...prev, ...action.ids]));
          break;
        case 'select':
          setActiveId(action.id);
          onSelect(action.id);
          break;
        case 'loadMore':
          loadMoreFns.current.get(action.parentId)?.();
          break;
        default:
          break;
      }
    },
    [onSelect],
  );

  const onPick = (hit: SearchHit) => {
    setExpanded((prev) => new Set([...prev, ...hit.ancestors.map((a) => a.id)]));
    setPending({ id: hit.id, parentId: hit.ancestors.length ? hit.ancestors[hit.ancestors.length - 1]!.id : null });
    onSelect(hit.id);
  };

  return (
    <section className="explorer" aria-labelledby="tree-heading">
      <h2 id="tree-heading" className="visually-hidden">
        {t('tree.label')}
      </h2>
      <OrgSearch asOf={asOf} onPick={onPick} />
      {[...expanded].map((id) => (
        <ChildrenLoader key={`${id}@${asOf ?? 'today'}`} id={id} asOf={asOf} year={year} onState={onState} onLoadMore={onLoadMore} />
      ))}
      {roots.loading && !roots.data ? (
        <Loading />
      ) : roots.error && !roots.data ? (
        <ErrorState error={roots.error} onRetry={() => void roots.refetch()} />
      ) : rows.length === 0 ? (
        <p className="state state-empty">{t('tree.empty')}</p>
      ) : (
        <>
          <p className="tree-help" id="tree-help">
            {t('tree.help')}
          </p>
          <TreeView
            rows={rows}
            activeIndex={activeIndex}
            selectedId={selectedId}
            label={t('tree.label')}
            onActiveChange={(i) => setActiveId(rows[i]?.key ?? null)}
            onAction={onAction}
            scrollToActive={scrollTo}
            height={height}
          />
        </>
      )}
    </section>
  );
}
