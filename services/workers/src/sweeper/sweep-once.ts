import { claimOverduePayouts, databaseNow, type Db } from '@payout/db';
import { NEXT_STEPS, type HintTarget, type NextStep, type NextStepDispatcher } from '@payout/queue';

export interface SweepDeps {
  readonly db: Db;
  readonly hints: NextStepDispatcher;
  /** How late a next action must be before its hint counts as lost (0 = every due row). */
  readonly staleAfterMs: number;
  /** Rows claimed per transaction (default 500). */
  readonly batchSize?: number;
  /** Transactions per sweep at most (default 20): a huge backlog is swept over several runs. */
  readonly maxBatches?: number;
}

export interface SweepResult {
  readonly reHinted: number;
  readonly byStep: Readonly<Record<NextStep, number>>;
  readonly jobIds: readonly string[];
}

/**
 * One sweep: re-sends the next-step hint of every payout whose `next_action_at` is more than
 * `staleAfterMs` in the past — a flushed Redis, a lost job, a killed worker. Rows are claimed
 * with FOR UPDATE SKIP LOCKED, so concurrent sweepers take disjoint sets; the hints are
 * enqueued (deterministic job ids) before the claim commits, so a failed enqueue rolls the
 * claim back and the rows stay overdue for the next sweep. Times come from the database
 * clock, the one that wrote next_action_at.
 */
export async function sweepOnce(deps: SweepDeps): Promise<SweepResult> {
  const batchSize = deps.batchSize ?? 500;
  const maxBatches = deps.maxBatches ?? 20;
  const dueBefore = new Date((await databaseNow(deps.db)).getTime() - deps.staleAfterMs);
  const byStep: Record<NextStep, number> = { submit: 0, poll: 0, verify: 0 };
  const jobIds: string[] = [];
  for (let i = 0; i < maxBatches; i++) {
    const claimed = await deps.db.transaction().execute(async (trx) => {
      const rows = await claimOverduePayouts(trx, { dueBefore, limit: batchSize });
      for (const step of NEXT_STEPS) {
        const targets: HintTarget[] = rows.filter((r) => r.nextAction === step).map((r) => ({ payoutId: r.payoutId, version: r.version }));
        if (targets.length === 0) continue;
        jobIds.push(...(await deps.hints.dispatch(step, targets)));
        byStep[step] += targets.length;
      }
      return rows.length;
    });
    if (claimed < batchSize) break;
  }
  return { reHinted: byStep.submit + byStep.poll + byStep.verify, byStep, jobIds };
}
