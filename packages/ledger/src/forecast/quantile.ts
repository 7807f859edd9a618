import { PayoutError } from '@payout/domain';

/**
 * How a quantile is read off a sample, exactly and in integers (no interpolation, so the
 * result is always one of the observed bigint values):
 *
 *  - `nearest_rank`: the ⌈q·n⌉-th smallest value (the textbook nearest-rank definition).
 *  - `predictive`: the ⌈q·(n+1)⌉-th smallest value, capped at the largest. For exchangeable
 *    data this order statistic is exceeded by the NEXT observation with probability at most
 *    1 − q (the distribution-free prediction bound), which is the question funding asks:
 *    "how much will tomorrow need?". Nearest rank is exceeded slightly more often than 1 − q
 *    on small samples ((n − ⌈qn⌉ + 1)/(n + 1): 9.5 % for p95 of 20 days), so `predictive` is
 *    the default. When the sample is too small for the bound (⌈q·(n+1)⌉ > n) the maximum is
 *    used and `capped` says so.
 */
export const QUANTILE_METHODS = ['predictive', 'nearest_rank'] as const;
export type QuantileMethod = (typeof QUANTILE_METHODS)[number];

/** A quantile level in basis points: 9500 = p95. Integers keep rank arithmetic exact. */
export type QuantileBps = number;

export interface QuantileResult {
  readonly value: bigint;
  /** 1-based rank of `value` in the sorted sample. */
  readonly rank: number;
  readonly sampleSize: number;
  /** True when the sample was too small for the requested level and the maximum was used. */
  readonly capped: boolean;
}

export function assertQuantileBps(bps: number): QuantileBps {
  if (!Number.isSafeInteger(bps) || bps < 1 || bps > 10_000) {
    throw new PayoutError('PAYOUT_E_VALIDATION', `a quantile level must be 1–10000 basis points (9500 = p95), got ${String(bps)}`);
  }
  return bps;
}

/**
 * Parses "0.95", "95%" or "p95" to basis points without going through a float.
 * @example parseQuantile('0.95') // 9500
 */
export function parseQuantile(s: string): QuantileBps {
  const t = s.trim();
  let m = /^0?\.(\d{1,4})$/.exec(t);
  if (m !== null) return assertQuantileBps(Number((m[1] ?? '').padEnd(4, '0')));
  if (t === '1' || t === '1.0') return 10_000;
  m = /^p?(\d{1,2}|100)(?:\.(\d{1,2}))?%?$/i.exec(t);
  if (m !== null && (t.startsWith('p') || t.startsWith('P') || t.endsWith('%'))) {
    return assertQuantileBps(Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0')));
  }
  throw new PayoutError('PAYOUT_E_VALIDATION', `"${t.slice(0, 20)}" is not a quantile: write 0.95, 95% or p95`);
}

/** "p95", "p99.5" */
export function formatQuantile(bps: QuantileBps): string {
  const whole = Math.floor(bps / 100);
  const frac = bps % 100;
  return frac === 0 ? `p${whole}` : `p${whole}.${String(frac).padStart(2, '0').replace(/0$/, '')}`;
}

/**
 * The quantile of bigint values (see QUANTILE_METHODS). Returns undefined for an empty sample.
 * @example quantile([5n, 1n, 3n], 5000, 'nearest_rank') // { value: 3n, rank: 2, … }
 */
export function quantile(values: readonly bigint[], bps: QuantileBps, method: QuantileMethod = 'predictive'): QuantileResult | undefined {
  assertQuantileBps(bps);
  const n = values.length;
  if (n === 0) return undefined;
  const sorted = [...values].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const base = method === 'predictive' ? n + 1 : n;
  // ⌈bps·base / 10000⌉ in integers.
  const wanted = Math.max(1, Math.floor((bps * base + 9_999) / 10_000));
  const rank = Math.min(wanted, n);
  const value = sorted[rank - 1];
  if (value === undefined) throw new PayoutError('PAYOUT_E_INTERNAL', 'quantile rank out of range');
  return { value, rank, sampleSize: n, capped: wanted > n };
}
