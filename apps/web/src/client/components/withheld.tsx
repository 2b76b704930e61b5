import { useQuery } from '@apollo/client';
import type { ReactNode } from 'react';
import { SMALL_CELL_THRESHOLD } from '../graphql/operations';
import { useI18n } from '../i18n/i18n';

/** The platform's default AGGREGATE_MIN_CELL, shown until the server's own threshold is known. */
const DEFAULT_THRESHOLD = 5;

/**
 * The threshold below which counts are withheld from the signed-in user (Query.smallCellThreshold;
 * docs/decisions/0021), asked for only when a withheld count is on screen (`needed`), once per session.
 */
export function useSmallCellThreshold(needed = true): number {
  const { data } = useQuery<{ smallCellThreshold: number }>(SMALL_CELL_THRESHOLD, { skip: !needed });
  const n = data?.smallCellThreshold;
  return n && n > 1 ? n : DEFAULT_THRESHOLD;
}

/** How a withheld count reads: "<5". */
export const withheldText = (threshold: number) => `<${threshold}`;

/**
 * A count the server withheld (null) as a small cell: "<5" in its text (`children` puts it in a
 * phrase), explained by a title and, for screen readers, by the same text.
 */
export function Withheld({ children = (text) => text }: { children?: (text: string) => ReactNode }) {
  const { t } = useI18n();
  const threshold = useSmallCellThreshold();
  const title = t('count.withheld', { n: threshold });
  return (
    <span className="withheld" title={title} data-testid="withheld">
      {children(withheldText(threshold))}
      <span className="visually-hidden"> ({title})</span>
    </span>
  );
}
