import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, type KeyboardEvent } from 'react';
import { KindIcon } from '../components/kind-icon';
import { Withheld } from '../components/withheld';
import { useI18n } from '../i18n/i18n';
import { keyAction, type TreeAction, type TreeRow } from './tree-model';

export const ROW_HEIGHT = 46;

export interface TreeViewProps {
  rows: TreeRow[];
  /** Index of the row that has the keyboard focus (aria-activedescendant). */
  activeIndex: number;
  selectedId: string | null;
  label: string;
  onActiveChange: (index: number) => void;
  /** expand / collapse / expandSiblings / select / loadMore. */
  onAction: (action: TreeAction) => void;
  /** Scroll the active row into view when it changes (e.g. after a search). */
  scrollToActive?: number;
  height?: number;
}

export function rowDomId(row: TreeRow): string {
  return `treeitem-${row.key.replace(/[^A-Za-z0-9_-]/g, '_')}`;
}

/**
 * The virtualised committee tree: only the rows in view are in the DOM, so an organisation with
 * thousands of children scrolls smoothly. Focus stays on the tree element and moves with
 * aria-activedescendant (a moving tabindex would be lost when its row scrolls out and unmounts).
 */
export function TreeView({ rows, activeIndex, selectedId, label, onActiveChange, onAction, scrollToActive, height = 560 }: TreeViewProps) {
  const { t, number, percent } = useI18n();
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({ count: rows.length, getScrollElement: () => scrollRef.current, estimateSize: () => ROW_HEIGHT, overscan: 12 });
  const items = virtualizer.getVirtualItems();
  const active = rows[Math.min(activeIndex, rows.length - 1)];

  useEffect(() => {
    if (scrollToActive !== undefined && scrollToActive >= 0 && scrollToActive < rows.length) virtualizer.scrollToIndex(scrollToActive, { align: 'auto' });
  }, [scrollToActive]);

  // A "load more" row that scrolls into view fetches the next page by itself.
  const moreInView = items.map((it) => rows[it.index]).filter((r): r is Extract<TreeRow, { type: 'more' }> => !!r && r.type === 'more' && !r.loading && !r.error);
  const moreKey = moreInView.map((r) => r.parentId).join(',');
  useEffect(() => {
    for (const r of moreInView) onAction({ type: 'loadMore', parentId: r.parentId });
  }, [moreKey]);

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const action = keyAction(rows, activeIndex, e.key);
    if (action.type === 'none') return;
    e.preventDefault();
    if (action.type === 'focus') {
      onActiveChange(action.index);
      virtualizer.scrollToIndex(action.index, { align: 'auto' });
    } else {
      onAction(action);
    }
  };

  return (
    <div
      ref={scrollRef}
      className="tree"
      role="tree"
      aria-label={label}
      tabIndex={0}
      aria-activedescendant={active ? rowDomId(active) : undefined}
      onKeyDown={onKeyDown}
      style={{ height, overflow: 'auto', position: 'relative' }}
    >
      <div role="none" style={{ height: virtualizer.getTotalSize(), position: 'relative', width: '100%' }}>
        {items.map((item) => {
          const row = rows[item.index]!;
          const isActive = item.index === activeIndex;
          const style = { position: 'absolute' as const, top: 0, left: 0, width: '100%', height: item.size, transform: `translateY(${item.start}px)`, paddingLeft: 8 + (row.level - 1) * 18 };
          if (row.type === 'more') {
            return (
              <div
                key={row.key}
                id={rowDomId(row)}
                role="treeitem"
                aria-level={row.level}
                aria-selected={false}
                aria-disabled={row.loading}
                className={`tree-row tree-more${isActive ? ' active' : ''}`}
                style={style}
                onClick={() => {
                  onActiveChange(item.index);
                  if (!row.loading) onAction({ type: 'loadMore', parentId: row.parentId });
                }}
              >
                {row.error ? <span className="tree-error">{t('state.error', { message: row.error })}</span> : row.loading ? t('tree.loadingMore') : t('tree.loadMore', { count: number(row.remaining) })}
              </div>
            );
          }
          const n = row.node;
          const target = n.admissionTarget?.hasTarget ? n.admissionTarget : null;
          return (
            <div
              key={row.key}
              id={rowDomId(row)}
              role="treeitem"
              aria-level={row.level}
              aria-setsize={row.setSize}
              aria-posinset={row.posInSet}
              aria-expanded={row.expandable ? row.expanded : undefined}
              aria-selected={n.id === selectedId}
              data-code={n.code}
              className={`tree-row${isActive ? ' active' : ''}${n.id === selectedId ? ' selected' : ''}`}
              style={style}
              onClick={() => {
                onActiveChange(item.index);
                scrollRef.current?.focus({ preventScroll: true });
                onAction({ type: 'select', id: n.id });
              }}
            >
              <span
                className={`tree-toggle${row.expandable ? '' : ' leaf'}`}
                aria-hidden="true"
                data-testid={`toggle-${n.code}`}
                onClick={(e) => {
                  e.stopPropagation();
                  onActiveChange(item.index);
                  scrollRef.current?.focus({ preventScroll: true });
                  if (row.expandable) onAction(row.expanded ? { type: 'collapse', id: n.id } : { type: 'expand', id: n.id });
                }}
              >
                {row.expandable ? (row.expanded ? '▾' : '▸') : ''}
              </span>
              <span className="tree-body">
                <span className="tree-name">{n.name}</span>
                <span className="tree-meta">
                  <KindIcon kind={n.kind} />
                  <span className="visually-hidden">, {t(`kind.${n.kind}`)}</span>
                  <span className="tree-count">
                    <span className="visually-hidden">, </span>
                    {n.memberCount === null ? <Withheld>{(count) => t('tree.members', { count })}</Withheld> : t('tree.members', { count: number(n.memberCount) })}
                  </span>
                  {target && (
                    <span className={`tree-achievement${(target.achievementRate ?? 0) >= 1 ? ' met' : ''}`}>
                      <span className="visually-hidden">, </span>
                      {target.admitted === null || target.achievementRate === null ? (
                        <Withheld>{(admitted) => t('tree.achievement', { admitted, target: number(target.target), rate: '–' })}</Withheld>
                      ) : (
                        t('tree.achievement', { admitted: number(target.admitted), target: number(target.target), rate: percent(target.achievementRate) })
                      )}
                    </span>
                  )}
                </span>
              </span>
            </div>
          );
        })}
      </div>
    </div>
  );
}
