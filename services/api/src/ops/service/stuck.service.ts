import { listStuckPayouts, summarizeStuckPayouts, type StuckPayout, type StuckQuery } from '@payout/db';
import { PayoutError } from '@payout/domain';
import type { OpsDeps } from '../ops-deps.ts';
import type { StuckFilter } from '../policy/stuck-filter.ts';
import { STUCK_STATES, stuckCutoffs, type StuckState } from '../policy/stuck-thresholds.ts';

export interface StuckListResult {
  readonly asOf: Date;
  /** The per-state thresholds applied (ms), or the explicit minimum age. */
  readonly thresholdsMs: Readonly<Record<StuckState, number>>;
  readonly items: readonly (StuckPayout & { readonly ageMs: number })[];
  readonly buckets: readonly {
    readonly status: StuckState;
    readonly bankId: string | null;
    readonly currency: string;
    readonly count: number;
    readonly amountMinor: bigint;
    readonly oldestSince: Date;
  }[];
  /** Over the whole filtered set (not only this page), per currency. */
  readonly totals: readonly { readonly currency: string; readonly count: number; readonly amountMinor: bigint }[];
  readonly nextCursor: string | null;
}

/**
 * The minimum age that applies: an explicit one; none when the filter names a time window
 * ("everything pending at bank X since 09:00" means all of them); else the per-state thresholds.
 */
export function effectiveMinAgeMs(f: StuckFilter): number | undefined {
  return f.minAgeMs ?? (f.enteredAfter !== undefined || f.enteredBefore !== undefined ? 0 : undefined);
}

export function stuckQueryOf(f: StuckFilter, now: Date, thresholds: OpsDeps['settings']['stuckThresholds']): StuckQuery {
  const cutoffs = stuckCutoffs(now, thresholds, effectiveMinAgeMs(f));
  const states = f.states ?? STUCK_STATES;
  return {
    cutoffs: states.map((s) => ({
      status: s,
      enteredBefore: f.enteredBefore !== undefined && f.enteredBefore < cutoffs[s] ? f.enteredBefore : cutoffs[s],
    })),
    bankIds: f.bankIds,
    clientIds: f.clientIds,
    currency: f.currency,
    minAmountMinor: f.minAmountMinor,
    maxAmountMinor: f.maxAmountMinor,
    enteredAfter: f.enteredAfter,
  };
}

function encodeCursor(p: StuckPayout): string {
  return Buffer.from(JSON.stringify({ t: p.statusChangedAt.toISOString(), id: p.id })).toString('base64url');
}

function decodeCursor(s: string): { statusChangedAt: Date; id: string } {
  try {
    const v = JSON.parse(Buffer.from(s, 'base64url').toString('utf8')) as { t?: unknown; id?: unknown };
    const t = typeof v.t === 'string' ? new Date(v.t) : undefined;
    if (t !== undefined && Number.isFinite(t.getTime()) && typeof v.id === 'string' && /^[0-9a-f-]{36}$/i.test(v.id))
      return { statusChangedAt: t, id: v.id };
  } catch {}
  throw new PayoutError('PAYOUT_E_VALIDATION', 'the cursor is not one this API issued');
}

/** Stuck payouts (oldest in their state first) with counts and exact amounts per state × bank × currency. */
export async function listStuck(
  deps: OpsDeps,
  f: StuckFilter,
  page: { readonly limit: number; readonly cursor?: string | undefined },
): Promise<StuckListResult> {
  const now = deps.clock();
  const q = stuckQueryOf(f, now, deps.settings.stuckThresholds);
  const after = page.cursor === undefined ? undefined : decodeCursor(page.cursor);
  const [rows, buckets] = await Promise.all([
    listStuckPayouts(deps.db, q, { limit: page.limit + 1, after }),
    summarizeStuckPayouts(deps.db, q),
  ]);
  const items = rows.slice(0, page.limit);
  const totals = new Map<string, { count: number; amountMinor: bigint }>();
  for (const b of buckets) {
    const t = totals.get(b.currency) ?? { count: 0, amountMinor: 0n };
    totals.set(b.currency, { count: t.count + b.count, amountMinor: t.amountMinor + b.amountMinor });
  }
  const minAge = effectiveMinAgeMs(f);
  const thresholdsMs = Object.fromEntries(STUCK_STATES.map((s) => [s, minAge ?? deps.settings.stuckThresholds[s]])) as Record<
    StuckState,
    number
  >;
  const last = items.at(-1);
  return {
    asOf: now,
    thresholdsMs,
    items: items.map((p) => ({ ...p, ageMs: Math.max(0, now.getTime() - p.statusChangedAt.getTime()) })),
    buckets: buckets.map((b) => ({ ...b, status: b.status as StuckState })),
    totals: [...totals.entries()].map(([currency, t]) => ({ currency, ...t })).sort((a, b) => a.currency.localeCompare(b.currency)),
    nextCursor: rows.length > page.limit && last !== undefined ? encodeCursor(last) : null,
  };
}
