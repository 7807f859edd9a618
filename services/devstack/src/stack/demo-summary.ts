import {
  attemptStatsByChannel,
  countPayoutsByStatus,
  firstAttemptSpan,
  listAttempts,
  openPayoutGroups,
  timeToStatusPercentiles,
  type Db,
} from '@payout/db';
import type { GroundTruthTransfer } from '@payout/bank-sim';
import { checkAgainstGroundTruth, type GroundTruthReport } from '@payout/test-kit';
import { successRate } from './demo-progress.ts';

/** Statuses a demo payout may end in: final, or an explicit waiting state with a reason and an owner. */
export const ENDED_OR_WAITING = ['succeeded', 'failed', 'rejected', 'returned', 'awaiting_verification', 'manual_review'] as const;

export interface DemoVerdict {
  readonly ok: boolean;
  readonly lines: readonly string[];
  readonly report: GroundTruthReport;
}

/**
 * The demo's closing report, and the check that decides its exit code: no payout executed
 * more than once (simulator ground truth), none lost (every acknowledged hand-over is a
 * payout), none executed but recorded failed, every one ended or waiting with a reason.
 */
export async function demoSummary(opts: {
  readonly db: Db;
  readonly executions: readonly GroundTruthTransfer[];
  readonly acknowledgedKeys: readonly string[];
  readonly idsByKey: ReadonlyMap<string, string>;
  readonly viaQueue: number;
  readonly viaHttp: number;
  readonly refused: readonly string[];
  readonly loadSeconds: number;
  readonly settleSeconds: number;
}): Promise<DemoVerdict> {
  const ids = [...opts.idsByKey.values()];
  const lostKeys = opts.acknowledgedKeys.filter((k) => !opts.idsByKey.has(k));
  const report = await checkAgainstGroundTruth(opts.db, opts.executions, { expectedIds: ids, allowedStatuses: ENDED_OR_WAITING });
  const byStatus = await countPayoutsByStatus(opts.db);
  const channels = await attemptStatsByChannel(opts.db);
  const certain = await timeToStatusPercentiles(opts.db, ['succeeded', 'failed', 'rejected'], [0.5, 0.99]);
  const parked = await timeToStatusPercentiles(opts.db, ['awaiting_verification', 'manual_review'], [0.5]);
  const total = ids.length;
  const submits = await firstAttemptSpan(opts.db);
  const ended = ENDED_OR_WAITING.reduce((n, s) => n + (byStatus[s] ?? 0), 0);
  const lines = [
    '',
    `Summary — ${opts.acknowledgedKeys.length} payouts handed over (${opts.viaQueue} through the queue client, ${opts.viaHttp} over HTTP)${opts.refused.length > 0 ? `, ${opts.refused.length} refused` : ''}`,
    `  final:    ${['succeeded', 'failed', 'rejected', 'returned'].map((s) => `${s} ${byStatus[s as keyof typeof byStatus] ?? 0}`).join(' · ')}`,
    `  waiting:  awaiting_verification ${byStatus.awaiting_verification ?? 0} (statement check at the bank's statement time, next business day) · manual_review ${byStatus.manual_review ?? 0}`,
    `  open:     ${(byStatus.accepted ?? 0) + (byStatus.processing ?? 0) + (byStatus.held ?? 0)}`,
    '  channels (success rate = succeeded attempts / attempts sent):',
    ...channels.map(
      (c) =>
        `    ${c.channelId.padEnd(10)} ${successRate(c)}  ${String(c.attempts).padStart(5)} attempts · ${c.succeeded} succeeded · ${c.failed} failed · ${c.open} open`,
    ),
    `  time to certainty (accepted → succeeded/failed, n=${certain.count}): p50 ${seconds(certain.ms[0])} · p99 ${seconds(certain.ms[1])}` +
      (parked.count > 0 ? `; parked for verification after p50 ${seconds(parked.ms[0])} (n=${parked.count})` : ''),
    `  throughput: ${total} payouts handed over in ${opts.loadSeconds.toFixed(1)} s; first instructions for ${submits.payouts} sent within ${submits.seconds.toFixed(1)} s (${(submits.payouts / Math.max(submits.seconds, 0.001)).toFixed(0)} payouts/s into the banks); ` +
      `${ended} settled or parked ${opts.settleSeconds.toFixed(1)} s after the first hand-over (${(ended / Math.max(opts.settleSeconds, 0.001)).toFixed(0)} payouts/s end to end, paced by the banks' simulated settlement times)`,
    `  ground truth (bank simulator): ${opts.executions.length} executions · maximum executions of any payout: ${report.maxExecutionsPerPayout}` +
      ` · lost: ${lostKeys.length + report.lost.length} · executed but recorded failed: ${report.executedButFailed.length} · recorded succeeded but not executed: ${report.succeededNotExecuted.length}`,
  ];
  const problems = [
    report.maxExecutionsPerPayout > 1 ? `${report.executedTwice.length} payout(s) executed more than once` : '',
    lostKeys.length + report.lost.length > 0 ? `${lostKeys.length + report.lost.length} acknowledged payout(s) lost` : '',
    report.executedButFailed.length > 0 ? `${report.executedButFailed.length} executed payout(s) recorded as failed` : '',
    report.succeededNotExecuted.length > 0 ? `${report.succeededNotExecuted.length} payout(s) recorded succeeded but never executed` : '',
    report.unsettled.length > 0
      ? `${report.unsettled.length} payout(s) not ended or waiting with a reason (e.g. ${report.unsettled[0]?.status})`
      : '',
    opts.refused.length > 0 ? `${opts.refused.length} hand-over(s) refused (e.g. ${opts.refused[0]})` : '',
  ].filter((p) => p !== '');
  for (const g of await openPayoutGroups(opts.db)) {
    lines.push(`  still open: ${g.n} ${g.status}, next ${g.nextAction ?? '-'} from ${g.nextAt?.toISOString() ?? '-'}: ${g.reason}`);
  }
  for (const id of report.executedTwice.slice(0, 3)) {
    const attempts = await listAttempts(opts.db, [id]);
    lines.push(`  executed twice: payout ${id}`);
    for (const a of attempts)
      lines.push(`    attempt #${a.attemptNo} ${a.channelId} ${a.endToEndId} ${a.state}${a.reasonCode !== null ? ` ${a.reasonCode}` : ''}`);
    for (const e of opts.executions.filter((x) => x.payoutId === id))
      lines.push(`    executed at ${e.bankId}: ${e.endToEndId} (${e.behaviour}, ${e.state}, submitted ${e.submittedAt})`);
  }
  lines.push(
    problems.length === 0 ? '  verdict: OK — every payout executed at most once, none lost' : `  verdict: FAILED — ${problems.join('; ')}`,
  );
  return { ok: problems.length === 0, lines, report };
}

function seconds(ms: number | undefined): string {
  return ms === undefined ? 'n/a' : `${(ms / 1000).toFixed(2)} s`;
}
