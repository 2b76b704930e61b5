import { hasPermission } from './authorization';
import type { BaseContext } from './context';

/**
 * Small-cell suppression of aggregates (issue 5; docs/decisions/0021-small-cell-suppression.md):
 * primary suppression of every count from 1 to `threshold − 1`, then complementary suppression
 * within each breakdown, so that the published total minus the cells shown never gives a
 * withheld cell. A zero is shown (it reveals nobody). A threshold of 1 withholds nothing.
 */

/** The threshold when the configuration gives none (AGGREGATE_MIN_CELL). */
export const DEFAULT_AGGREGATE_MIN_CELL = 5;

/** Whether a count is a small cell: more than nobody, fewer than the threshold. */
export const isSmallCell = (count: number, threshold: number): boolean => count > 0 && count < threshold;

/**
 * The cells of one breakdown (counts that add up to one total) as they may be shown: null for
 * a withheld cell. Primary: every count from 1 to `threshold − 1`. Complementary: when exactly
 * one cell is withheld, the smallest other non-zero cell is withheld too (the first of equals),
 * so the total minus the cells shown gives only the sum of two unknown cells. When no other
 * non-zero cell exists, the withheld cell is the whole total: that total is itself a small
 * cell (see `suppressTotal`).
 */
export function suppressSmallCells(counts: readonly number[], threshold: number): (number | null)[] {
  const hidden = counts.map((c) => isSmallCell(c, threshold));
  if (hidden.filter(Boolean).length === 1) {
    let next = -1;
    counts.forEach((c, i) => {
      if (!hidden[i] && c > 0 && (next < 0 || c < counts[next]!)) next = i;
    });
    if (next >= 0) hidden[next] = true;
  }
  return counts.map((c, i) => (hidden[i] ? null : c));
}

/** A total (or any count published on its own): null when it is a small cell. */
export const suppressTotal = (count: number, threshold: number): number | null => (isSmallCell(count, threshold) ? null : count);

/** One value of a breakdown as served: its count, null when withheld. */
export interface ShownCell {
  key: string;
  count: number | null;
  suppressed: boolean;
}

/**
 * A breakdown of a total after suppression: its cells, single cells by key and sums over a
 * subset of its keys (e.g. "ethnic minorities" = every ethnicity but Kinh and unknown).
 */
export class SuppressedBreakdown {
  readonly cells: readonly ShownCell[];
  private readonly raw: readonly { key: string; count: number }[];
  private readonly threshold: number;

  constructor(raw: readonly { key: string; count: number }[], threshold: number) {
    const shown = suppressSmallCells(
      raw.map((c) => c.count),
      threshold,
    );
    this.raw = raw;
    this.threshold = threshold;
    this.cells = raw.map((c, i) => ({ key: c.key, count: shown[i]!, suppressed: shown[i] === null }));
  }

  /** The count of one value (0 when absent), null when withheld. */
  cell(key: string): number | null {
    const i = this.raw.findIndex((c) => c.key === key);
    return i < 0 ? 0 : this.cells[i]!.count;
  }

  /**
   * The sum of the cells whose key passes `test`, or null when it would give a withheld cell
   * away: when it is itself a small cell, or when exactly one withheld cell lies in the subset
   * (the sum minus the cells shown there) or outside it (the total minus the sum minus the
   * cells shown there).
   */
  sum(test: (key: string) => boolean): number | null {
    let sum = 0;
    let hiddenIn = 0;
    let hiddenOut = 0;
    this.raw.forEach((c, i) => {
      const inside = test(c.key);
      if (inside) sum += c.count;
      if (this.cells[i]!.suppressed) {
        if (inside) hiddenIn++;
        else hiddenOut++;
      }
    });
    if (isSmallCell(sum, this.threshold) || hiddenIn === 1 || hiddenOut === 1) return null;
    return sum;
  }
}

/**
 * The threshold of small cells for this caller: AGGREGATE_MIN_CELL (ctx.aggregateMinCell) for a
 * caller without the UNSUPPRESSED_AGGREGATES permission (analysts); 1 (nothing withheld) for
 * officers, viewers and administrators, who work with their own people and need exact figures.
 */
export function smallCellThreshold(ctx: BaseContext): number {
  if (hasPermission(ctx.caller, 'UNSUPPRESSED_AGGREGATES')) return 1;
  return ctx.aggregateMinCell ?? DEFAULT_AGGREGATE_MIN_CELL;
}
