import { addDays, daysBetween } from './dates';

/**
 * A small seeded PRNG (mulberry32) and the draws the generator needs. The same
 * seed gives the same sequence on every machine: no Math.random, no clock.
 */
export interface Random {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [lo, hi]. */
  int(lo: number, hi: number): number;
  /** True with probability p. */
  chance(p: number): boolean;
  pick<T>(list: readonly T[]): T;
  /** A value drawn with the given weights. */
  weighted<T>(list: readonly (readonly [T, number])[]): T;
  /** A calendar day in [from, to] (ISO dates). */
  day(from: string, to: string): string;
  /** A copy of the list in random order. */
  shuffle<T>(list: readonly T[]): T[];
  /** A version-4 UUID made of drawn bits. */
  uuid(): string;
  /** An independent stream for one part of the data, so parts do not shift each other. */
  fork(label: string): Random;
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a of a label, mixed into a seed. */
function mix(seed: number, label: string): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < label.length; i++) h = Math.imul(h ^ label.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

export function random(seed: number): Random {
  if (!Number.isInteger(seed)) throw new Error(`the seed must be a whole number, got ${seed}`);
  const next = mulberry32(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
  const r: Random = {
    next,
    int,
    chance: (p) => next() < p,
    pick: (list) => {
      if (!list.length) throw new Error('pick from an empty list');
      return list[Math.floor(next() * list.length)]!;
    },
    weighted: (list) => {
      const total = list.reduce((s, [, w]) => s + w, 0);
      let x = next() * total;
      for (const [v, w] of list) if ((x -= w) < 0) return v;
      return list[list.length - 1]![0];
    },
    day: (from, to) => addDays(from, Math.floor(next() * (daysBetween(from, to) + 1))),
    shuffle: (list) => {
      const out = [...list];
      for (let i = out.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        [out[i], out[j]] = [out[j]!, out[i]!];
      }
      return out;
    },
    uuid: () => {
      const hex = Array.from({ length: 32 }, () => Math.floor(next() * 16));
      hex[12] = 4;
      hex[16] = 8 + (hex[16]! & 3);
      const s = hex.map((h) => h.toString(16)).join('');
      return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
    },
    fork: (label) => random(mix(seed, label)),
  };
  return r;
}
