import { Gauge, type Registry } from 'prom-client';
import { UNKNOWN_ATTEMPT_AGE_BUCKETS, type OpsGauges } from '@payout/db';

/** One funding account's latest statement against the ledger (the drift report's last line). */
export interface DriftReading {
  readonly fundingAccountId: string;
  readonly currency: string;
  /** Statement closing balance minus the ledger's confirmed cash, in minor units. */
  readonly driftMinor: bigint;
}

export interface OpsGaugeSources {
  readonly readOps: () => Promise<OpsGauges>;
  readonly readDrift: () => Promise<readonly DriftReading[]>;
  /** Real ms one reading is reused for: several scrapers (or replicas) read Postgres once per window. */
  readonly cacheMs?: number;
  /** Real time in ms (performance.now by default); injected by tests. */
  readonly nowMs?: () => number;
  /** A read failed (the gauges keep their last values meanwhile). */
  readonly onError?: (source: 'ops' | 'ledger_drift', error: unknown) => void;
}

/**
 * The system's state, read from Postgres on scrape: unknown attempts by age, awaiting
 * verification (and overdue), due work per action, the outbox backlog, ledger drift. Every
 * API replica reports the same values: aggregate them with max(), never sum().
 * A failed read keeps the last values and sets `payout_ops_gauges_up` to 0.
 */
export function registerOpsGauges(registry: Registry, sources: OpsGaugeSources): void {
  const cacheMs = sources.cacheMs ?? 5_000;
  const nowMs = sources.nowMs ?? (() => performance.now());
  let cached: { at: number; value: Promise<Reading> } | undefined;
  const read = (): Promise<Reading> => {
    const now = nowMs();
    if (cached === undefined || now - cached.at >= cacheMs) cached = { at: now, value: readAll(sources) };
    return cached.value;
  };
  const define =
    <T>(pick: (r: Reading) => T | undefined) =>
    (name: string, help: string, labelNames: readonly string[], fill: (g: Gauge, value: T) => void): void => {
      new Gauge({
        name,
        help,
        labelNames: [...labelNames],
        registers: [registry],
        async collect() {
          const value = pick(await read());
          if (value === undefined) return; // keep the last values; payout_ops_gauges_up says the read failed
          this.reset();
          fill(this, value);
        },
      });
    };
  const fromOps = define((r) => r.ops);
  const fromDrift = define((r) => r.drift);

  define((r) => r)(
    'payout_ops_gauges_up',
    '1 when the last read of these gauges from Postgres succeeded, by source',
    ['source'],
    (g, r) => {
      g.set({ source: 'ops' }, r.ops === undefined ? 0 : 1);
      g.set({ source: 'ledger_drift' }, r.drift === undefined ? 0 : 1);
    },
  );
  fromOps(
    'payout_unknown_attempts',
    'Attempts whose bank answer is unknown, by channel and age since sending',
    ['channel', 'age'],
    (g, o) => {
      // Every bucket of a channel that has any, so a bucket that empties reads 0 rather than vanishing.
      for (const channel of new Set(o.unknownAttempts.map((u) => u.channelId)))
        for (const b of UNKNOWN_ATTEMPT_AGE_BUCKETS) g.set({ channel, age: b.label }, 0);
      for (const u of o.unknownAttempts) g.set({ channel: u.channelId, age: u.age }, u.count);
    },
  );
  fromOps('payout_unknown_attempt_oldest_seconds', 'Seconds since the oldest unknown attempt was sent', [], (g, o) =>
    g.set(o.oldestUnknownAttemptSeconds),
  );
  fromOps('payout_awaiting_verification', 'Payouts in awaiting_verification', [], (g, o) => g.set(o.awaitingVerification.count));
  fromOps(
    'payout_awaiting_verification_overdue',
    'Payouts still awaiting verification after their verification time (the bank statement time)',
    [],
    (g, o) => g.set(o.awaitingVerification.overdue),
  );
  fromOps(
    'payout_awaiting_verification_overdue_seconds',
    'How long past its verification time the most overdue awaiting payout is',
    [],
    (g, o) => g.set(o.awaitingVerification.oldestOverdueSeconds),
  );
  fromOps('payout_due_work', 'Payouts whose next action is due now, by action', ['action'], (g, o) => {
    for (const d of o.dueWork) g.set({ action: d.action }, d.due);
  });
  fromOps(
    'payout_due_work_lag_seconds',
    'How late the most overdue next action is, by action (the sweeper re-sends anything past its interval)',
    ['action'],
    (g, o) => {
      for (const d of o.dueWork) g.set({ action: d.action }, d.lagSeconds);
    },
  );
  fromOps('payout_outbox_undelivered', 'Outbox rows (webhooks and events) not yet delivered', [], (g, o) => g.set(o.outbox.undelivered));
  fromOps('payout_outbox_oldest_seconds', 'Age of the oldest undelivered outbox row', [], (g, o) => g.set(o.outbox.oldestSeconds));
  fromDrift(
    'payout_ledger_drift_minor',
    "Latest statement closing balance minus the ledger's confirmed cash, minor units, per funding account",
    ['funding_account', 'currency'],
    (g, drift) => {
      // A gauge is a float: exact money stays in the drift report (GET /v1/liquidity/positions); this is for alerting on != 0.
      for (const d of drift) g.set({ funding_account: d.fundingAccountId, currency: d.currency }, Number(d.driftMinor));
    },
  );
  fromDrift('payout_ledger_drift_accounts', 'Funding accounts whose latest statement disagrees with the ledger', [], (g, drift) =>
    g.set(drift.filter((d) => d.driftMinor !== 0n).length),
  );
}

interface Reading {
  readonly ops: OpsGauges | undefined;
  readonly drift: readonly DriftReading[] | undefined;
}

async function readAll(sources: OpsGaugeSources): Promise<Reading> {
  const failed = (source: 'ops' | 'ledger_drift') => (error: unknown) => {
    sources.onError?.(source, error);
    return undefined;
  };
  const [ops, drift] = await Promise.all([sources.readOps().catch(failed('ops')), sources.readDrift().catch(failed('ledger_drift'))]);
  return { ops, drift };
}
