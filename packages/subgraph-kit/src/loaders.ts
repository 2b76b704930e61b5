import type DataLoader from 'dataloader';

/** Groups rows by a key, in the order of `keys` (a DataLoader batch's answer). */
export function groupBy<R>(keys: readonly string[], rows: readonly R[], key: (r: R) => string): R[][] {
  const map = new Map<string, R[]>();
  for (const r of rows) {
    const k = key(r);
    const list = map.get(k);
    if (list) list.push(r);
    else map.set(k, [r]);
  }
  return keys.map((k) => map.get(k) ?? []);
}

/**
 * DataLoaders that share a parameter (a day, a year, a period): one loader per
 * value asked about in the request, each batching the ids asked for with it.
 */
export function perKey<V>(make: (key: string) => DataLoader<string, V>): (key: string | number) => DataLoader<string, V> {
  const byKey = new Map<string, DataLoader<string, V>>();
  return (raw) => {
    const key = String(raw);
    let loader = byKey.get(key);
    if (!loader) byKey.set(key, (loader = make(key)));
    return loader;
  };
}
