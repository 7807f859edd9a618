import {
  linkFallbackLines,
  lockPayoutsForVerification,
  markStatementsMatched,
  recordStatementExceptions,
  recordVerifications,
  resolveStatementExceptions,
  type Db,
  type PayoutForVerification,
} from '@payout/db';
import type { KnownReturn, StatementException } from '@payout/statements';
import { writeBatchWithLedger } from '../ledger/write-batch-with-ledger.ts';
import type { VerifyChannel, VerifyDeps } from './verify-deps.ts';
import { VerifyPlan, type PlannedDecision } from './verify-plan.ts';

export type { PlannedDecision } from './verify-plan.ts';

export interface ApplyInput {
  readonly decisions: readonly PlannedDecision[];
  readonly noLiveAttempt: readonly PayoutForVerification[];
  readonly knownReturns: readonly KnownReturn[];
  readonly exceptions: readonly StatementException[];
  readonly statementRowIds: readonly string[];
  /** Statement row id → statement date: the booking date for the ledger when a line carries none. */
  readonly statementDates?: ReadonlyMap<string, string> | undefined;
  readonly now: Date;
}

export interface VerifyApplyReport {
  readonly counts: Readonly<Record<string, number>>;
  /** Decisions dropped because the payout changed since it was read (it is looked at again later). */
  readonly skippedStale: number;
  readonly newExceptions: number;
  /** Statement facts (debit seen, return seen) the ledger would not take; logged, and visible as drift. */
  readonly ledgerRefused: number;
}

/**
 * Write a pass's decisions in ONE transaction. Payouts are locked and re-read first; a
 * decision is applied only when the payout and its attempt are still as they were when it was
 * made (the lifecycle may have moved them meanwhile) — everything else waits for the next pass.
 * Every status change is a lifecycle transition (`VerifyPlan`), written with its event, outbox
 * row and ledger postings; each decision is also kept in `payout_verifications`.
 */
export async function applyVerification(deps: VerifyDeps, channel: VerifyChannel, input: ApplyInput): Promise<VerifyApplyReport> {
  const report = await deps.db.transaction().execute(async (tx) => {
    const fresh = new Map((await lockPayoutsForVerification(tx, [...payoutIdsOf(input)])).map((p) => [p.payout.id, p]));
    const plan = new VerifyPlan(deps, channel, fresh, input.now, input.statementDates);
    for (const d of input.decisions) plan.decision(d);
    for (const p of input.noLiveAttempt) plan.noLiveAttempt(p);
    for (const r of input.knownReturns) plan.knownReturn(r);
    for (const e of input.exceptions) plan.exception(e);
    return writePlan(tx, deps, channel, plan, fresh.values(), input);
  });
  for (const [k, n] of Object.entries(report.counts)) deps.metrics.resolved(channel.bankId, `applied_${k}`, n);
  if (report.newExceptions > 0) deps.metrics.exceptions(channel.bankId, 'new', report.newExceptions);
  return report;
}

/** The payouts a pass may change: those of applicable decisions, known returns and payouts without a live attempt. */
function payoutIdsOf(input: ApplyInput): Set<string> {
  const ids = new Set<string>();
  for (const d of input.decisions) if (d.resolution.kind !== 'unchanged') ids.add(d.attempt.payoutId);
  for (const r of input.knownReturns) ids.add(r.attempt.payoutId);
  for (const p of input.noLiveAttempt) ids.add(p.payout.id);
  return ids;
}

async function writePlan(
  tx: Db,
  deps: VerifyDeps,
  channel: VerifyChannel,
  plan: VerifyPlan,
  locked: Iterable<PayoutForVerification>,
  input: ApplyInput,
): Promise<VerifyApplyReport> {
  // State changes and their postings together; a ledger refusal of a state change rolls the pass back.
  const booked = await writeBatchWithLedger(tx, plan.batch(), locked, input.now, plan.observed);
  for (const x of booked.refused) {
    deps.logger.warn(
      {
        role: 'verify',
        bankId: channel.bankId,
        payoutId: x.event.payoutId,
        attempt: x.event.attempt,
        event: x.event.type,
        code: x.code,
        err: x.message,
      },
      'the ledger refused a statement fact',
    );
  }
  await recordVerifications(tx, deps.settings.actor, plan.verifications);
  await linkFallbackLines(tx, plan.fallbackLinks);
  await resolveStatementExceptions(
    tx,
    plan.fallbackLinks.map((l) => l.lineId),
    'matched to a payout by amount, counterparty and date',
  );
  const newExceptions = await recordStatementExceptions(tx, plan.exceptions);
  await markStatementsMatched(tx, input.statementRowIds, input.now);
  return { counts: plan.counts, skippedStale: plan.skippedStale, newExceptions, ledgerRefused: booked.refused.length };
}
