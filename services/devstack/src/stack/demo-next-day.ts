import type { BankSimClient, GroundTruthTransfer } from '@payout/bank-sim';
import { formatAmountMinor } from '@payout/domain';
import { getCalendar, instantToZoned, zonedDateTimeToInstant } from '@payout/calendar';
import { countDueVerifications, countPayoutsByStatus, type Db } from '@payout/db';
import { fundingAccountOfChannel } from '@payout/ledger';
import { loadPositions } from '@payout/db/ledger';
import { checkAgainstGroundTruth } from '@payout/test-kit';
import { ENDED_OR_WAITING } from './demo-summary.ts';

export interface NextDayCheck {
  readonly ok: boolean;
  readonly lines: readonly string[];
}

interface BankComparison {
  readonly bankId: string;
  readonly ledgerMinor: bigint;
  /** The simulator's balance at the close of the statement day (its ground truth, replayed back from now). */
  readonly bankMinor: bigint;
  readonly bankNowMinor: bigint;
  readonly inFlightMinor: bigint;
}

/**
 * The simulator's account balance at the close of `day` (bank-local): today's balance with
 * every movement booked after that day taken back out — payouts executed later are added
 * back, returns credited later are removed. Straight from the simulator's ground truth.
 */
function balanceAtEndOf(nowMinor: bigint, transfers: readonly GroundTruthTransfer[], day: string, zone: string): bigint {
  const after = (iso: string | null): boolean => iso !== null && instantToZoned(new Date(iso), zone).date > day;
  let balance = nowMinor;
  for (const t of transfers) {
    if (t.executed && after(t.bookedAt)) balance += BigInt(t.amountMinor);
    if (t.state === 'returned' && after(t.returnAt)) balance -= BigInt(t.amountMinor);
  }
  return balance;
}

/**
 * The demo's second morning: the simulated clock moves to the next CN business day just after
 * the banks' statement time, the workers' verify role fetches the statements, resolves what
 * was parked for verification and books the statements in the ledger. Then every funding
 * account's statement-confirmed position must equal the simulator's balance to the fen, and
 * the ground truth must still hold (verification never calls an executed payout failed).
 */
export async function demoNextDay(opts: {
  readonly db: Db;
  readonly sim: BankSimClient;
  /** Changes the simulator's clock and everything that follows it. */
  readonly setSimClock: (change: { readonly set: string }) => Promise<void>;
  readonly simStart: Date;
  readonly bankIds: readonly string[];
  readonly expectedIds: readonly string[];
  readonly statementTime: string;
  readonly deadlineMs: number;
}): Promise<NextDayCheck> {
  const zone = 'Asia/Shanghai';
  const day = instantToZoned(opts.simStart, zone).date;
  const next = getCalendar('CN').nextBusinessDay(day);
  const at = zonedDateTimeToInstant(next, opts.statementTime, zone);
  await opts.setSimClock({ set: new Date(at.getTime() + 5 * 60_000).toISOString() });

  const accounts = opts.bankIds.map((b) => fundingAccountOfChannel(b));
  const compare = async (): Promise<BankComparison[]> => {
    const positions = await loadPositions(opts.db, { fundingAccountIds: accounts });
    const truth = await opts.sim.transfers();
    return Promise.all(
      opts.bankIds.map(async (bankId) => {
        const p = positions.find((x) => x.fundingAccountId === fundingAccountOfChannel(bankId) && x.currency === 'CNY');
        const now = (await opts.sim.balances(bankId)).reduce((sum, a) => sum + BigInt(a.balanceMinor), 0n);
        return {
          bankId,
          ledgerMinor: p?.confirmedMinor ?? 0n,
          bankMinor: balanceAtEndOf(
            now,
            truth.filter((t) => t.bankId === bankId),
            day,
            zone,
          ),
          bankNowMinor: now,
          inFlightMinor: (p?.reservedMinor ?? 0n) + (p?.unknownExposureMinor ?? 0n) + (p?.settledAwaitingStatementMinor ?? 0n),
        };
      }),
    );
  };
  // Done once every statement is booked (positions equal) and verification has looked at every
  // parked payout that fell due (what still waits is waiting for a later statement, by design).
  const dueForVerification = async (): Promise<number> => {
    const simNow = new Date((await opts.sim.clock()).now);
    return countDueVerifications(opts.db, { now: simNow });
  };
  const t0 = performance.now();
  let rows = await compare();
  for (;;) {
    const settled = rows.every((r) => r.ledgerMinor === r.bankMinor) && (await dueForVerification()) === 0;
    if (settled || performance.now() - t0 > opts.deadlineMs) break;
    await new Promise((r) => setTimeout(r, 500));
    rows = await compare();
  }
  const byStatus = await countPayoutsByStatus(opts.db);
  const report = await checkAgainstGroundTruth(opts.db, await opts.sim.executions(), {
    expectedIds: opts.expectedIds,
    allowedStatuses: ENDED_OR_WAITING,
  });
  const money = (m: bigint): string => `${formatAmountMinor(m, 'CNY')} CNY`;
  const lines = [
    '',
    `Next business day (${next} ${opts.statementTime} Shanghai, after ${((performance.now() - t0) / 1000).toFixed(1)} s): statements fetched, verified and booked in the ledger`,
    `  payouts:  ${['succeeded', 'failed', 'returned', 'awaiting_verification', 'manual_review'].map((s) => `${s} ${byStatus[s as keyof typeof byStatus] ?? 0}`).join(' · ')}`,
    `  positions (ledger, statement-confirmed) vs the simulator’s account balances at the close of ${day}:`,
    ...rows.map(
      (r) =>
        `    ${r.bankId.padEnd(10)} ledger ${money(r.ledgerMinor).padStart(24)} · bank ${money(r.bankMinor).padStart(24)} · ${r.ledgerMinor === r.bankMinor ? 'equal' : `DIFFER by ${money(r.ledgerMinor - r.bankMinor)}`}` +
        (r.inFlightMinor === 0n ? '' : ` · in flight (not yet on a statement) ${money(r.inFlightMinor)}`) +
        (r.bankNowMinor === r.bankMinor ? '' : ` · moved since ${money(r.bankNowMinor - r.bankMinor)}`),
    ),
    `  ground truth after verification: maximum executions of any payout: ${report.maxExecutionsPerPayout} · executed but recorded failed: ${report.executedButFailed.length} · recorded succeeded but not executed: ${report.succeededNotExecuted.length}`,
  ];
  const problems = [
    rows.some((r) => r.ledgerMinor !== r.bankMinor) ? 'a ledger position differs from the bank balance' : '',
    report.maxExecutionsPerPayout > 1 ? 'a payout executed more than once' : '',
    report.executedButFailed.length > 0 ? 'verification recorded an executed payout as failed' : '',
    report.succeededNotExecuted.length > 0 ? 'a payout recorded succeeded was never executed' : '',
  ].filter((p) => p !== '');
  lines.push(
    problems.length === 0
      ? `  verdict: OK — every position equals the bank’s balance at the close of ${day}`
      : `  verdict: FAILED — ${problems.join('; ')}`,
  );
  return { ok: problems.length === 0, lines };
}
