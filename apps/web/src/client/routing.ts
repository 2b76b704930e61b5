import { useCallback } from 'react';
import { useSearchParams } from 'react-router';
import { isIsoDay } from './dates';

/** The as-of day of every page lives in the URL (?asOf=YYYY-MM-DD); none means today. */
export function useAsOf(): [string | null, (day: string | null) => void] {
  const [params, setParams] = useSearchParams();
  const raw = params.get('asOf');
  const asOf = raw && isIsoDay(raw) ? raw : null;
  const setAsOf = useCallback(
    (day: string | null) => {
      setParams((prev) => {
        const next = new URLSearchParams(prev);
        if (day) next.set('asOf', day);
        else next.delete('asOf');
        return next;
      });
    },
    [setParams],
  );
  return [asOf, setAsOf];
}

export function orgPath(idOrCode: string, asOf: string | null): string {
  return `/org/${encodeURIComponent(idOrCode)}${asOf ? `?asOf=${asOf}` : ''}`;
}

export function memberPath(id: string, asOf: string | null): string {
  return `/member/${encodeURIComponent(id)}${asOf ? `?asOf=${asOf}` : ''}`;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** /org/<id> or /org/<code> (codes are stable and readable: /org/NINH_HAI). */
export function orgRef(ref: string): { id: string } | { code: string } {
  return UUID.test(ref) ? { id: ref } : { code: ref };
}
