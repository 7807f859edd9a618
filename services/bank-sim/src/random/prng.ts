/**
 * Deterministic randomness for the simulator. Every decision draws from a stream derived
 * from (seed, bank, purpose, key, occurrence) — e.g. the end-to-end id and how many times it
 * was seen — so the order in which concurrent requests arrive never changes an outcome.
 */

/** 32-bit FNV-1a over UTF-16 code units, then avalanche-mixed (murmur3 finaliser). */
export function hash32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** mulberry32: a small, fast generator with a 32-bit state; returns floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Rng = () => number;

/** The stream for one decision; the same parts always give the same stream. */
export function streamFor(...parts: readonly (string | number)[]): Rng {
  return mulberry32(hash32(parts.join('\u0000')));
}

/** Pick a key by weight with a uniform draw u ∈ [0, 1). Zero total weight picks the fallback. */
export function pickWeighted<K extends string>(weights: Readonly<Record<K, number>>, u: number, fallback: K): K {
  const entries = Object.entries(weights) as [K, number][];
  const total = entries.reduce((s, [, w]) => s + Math.max(0, w), 0);
  if (total <= 0) return fallback;
  let x = u * total;
  for (const [k, w] of entries) {
    if (w <= 0) continue;
    if (x < w) return k;
    x -= w;
  }
  return entries.filter(([, w]) => w > 0).at(-1)?.[0] ?? fallback;
}

/** Pick from a weighted list ({ code, weight }). */
export function pickFromList<T extends { readonly weight: number }>(list: readonly T[], u: number): T | undefined {
  const total = list.reduce((s, x) => s + Math.max(0, x.weight), 0);
  if (total <= 0) return list[0];
  let x = u * total;
  for (const item of list) {
    if (item.weight <= 0) continue;
    if (x < item.weight) return item;
    x -= item.weight;
  }
  return list.at(-1);
}

/** Integer in [min, max] from u ∈ [0, 1). */
export function between(min: number, max: number, u: number): number {
  return max <= min ? min : min + Math.floor(u * (max - min + 1));
}
