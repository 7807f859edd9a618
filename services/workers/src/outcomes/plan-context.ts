import type { AttemptState } from '@payout/domain';
import type { AttemptFact } from '@payout/lifecycle';
import type { RetryBackoffPolicy } from '../retry/retry-backoff.ts';
import type { HoursGate, PollHint } from '../poll/poll-schedule.ts';

/** Everything the outcome planners need about one attempt and its bank; no I/O. */
export interface PlanContext {
  readonly attempt: {
    readonly state: AttemptState;
    /** When the instruction was (last) sent; the poll budget runs from here. */
    readonly sentAt: Date;
    readonly pollsDone: number;
  };
  /** The payout's OTHER attempts, oldest first. */
  readonly earlierAttempts: readonly AttemptFact[];
  readonly bank: {
    readonly pollSchedule: PollHint;
    readonly timeZone: string;
    readonly calendar: string;
    readonly statementTime: string;
    readonly notFoundMeansProcessing: boolean;
    /**
     * The bank's "not found" may be taken as final only this long (real ms) after the
     * instruction was sent: until then our request may still be in flight or in the bank's
     * intake, and a new instruction could execute next to it.
     */
    readonly notFoundSettled: boolean;
    /** Query hours (polls happen only while open). */
    readonly queryHours: HoursGate;
  };
  readonly now: Date;
  /** Clock ms that pass in `realMs` of real time (the wrapper's retry-after hints are real ms). */
  readonly clockMsForReal: (realMs: number) => number;
  readonly random: () => number;
  readonly maxAttempts: number;
  readonly backoff?: RetryBackoffPolicy | undefined;
  /** Pause (real ms) before re-sending an instruction that provably never left (default 1 s). */
  readonly resendDelayMs?: number | undefined;
  /** Clock ms between looks while a decision waits for a calendar year without data (default 5 min). */
  readonly calendarRecheckMs?: number | undefined;
}
