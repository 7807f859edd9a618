// Public API of @payout/lifecycle. Pure: no I/O, no clock — times come in as arguments.
//
// Every status change of a payout or an attempt is built here, by one function per transition
// (src/transitions/*), which returns all the change means: the new status, reason, next action
// and time, the event rows (and which of them go to the outbox), the attempt writes. The records
// carry a mark only this package can set, so no other package can construct them by hand; the
// database writer (`@payout/db` writeLifecycleBatch) only stores them.

export { PAYOUT_TRANSITIONS, transitionPayout, assertPayoutTransition } from './state/payout-transitions.ts';
export { ATTEMPT_TRANSITIONS, transitionAttempt, assertAttemptTransition } from './state/attempt-transitions.ts';
export type { TransitionResult } from './state/transition-result.ts';

export { decideNewAttempt, DEFAULT_MAX_ATTEMPTS, type AttemptFact, type NewAttemptDecision } from './attempts/new-attempt.decision.ts';
export { planAfterAttemptFailure, type AfterFailurePlan } from './attempts/after-failure.plan.ts';

export {
  NEXT_ACTIONS,
  type NextAction,
  type LifecycleEvent,
  type AttemptInsert,
  type AttemptUpdate,
  type PayoutUpdate,
  type LifecycleBatch,
  type PayoutRef,
} from './records/lifecycle-records.ts';

export { type Transition, BatchBuilder, batchOf } from './transitions/transition.ts';
export { PAYOUT_ACCEPTED_EVENT, PAYOUT_REJECTED_EVENT } from './transitions/intake.ts';
export { CALENDAR_NO_DATA, calendarGapReason, type CalendarGapRef } from './transitions/calendar-gap-reason.ts';
export { type AnswerPlan, type AttemptChange, type PayoutPlan } from './transitions/answer-plan.ts';
export { applyAnswer, type AnsweredAttempt } from './transitions/answer.ts';
export {
  NOT_FOUND_REASON,
  sendNewAttempt,
  refuseNewAttempt,
  waitForChannel,
  waitingReason,
  heldForCalendar,
  holdForFunds,
  refuseUnroutable,
  resumeStatusQueries,
  resendUnsent,
  waitForBreaker,
  unsentWaitsForCalendar,
  failUnsentAtClosedBank,
  refuseInvalidInstruction,
  type UnsentAttempt,
  type NewAttemptAllowed,
  type NewAttemptRefused,
} from './transitions/submit.ts';
export { orphanPollReason, resolveOrphanPoll, type OrphanAttempt } from './transitions/poll.ts';

// The ledger posting kinds each change implies (lifecycle-B).
export {
  ledgerKindOfAttemptState,
  attemptLedgerEvent,
  statementLedgerEvent,
  lifecycleLedgerEvents,
  type LedgerAttemptFacts,
  type LedgerAttemptView,
  type LedgerPayoutView,
  type StatementLineFacts,
} from './ledger/ledger-events.ts';
// Verification and ops transitions (lifecycle-B).
export {
  verifiedExecuted,
  verifiedNotExecuted,
  verificationNeedsReview,
  verificationDeferred,
  verificationWithoutLiveAttempt,
  returnedOnStatement,
  type VerifiedAttempt,
  type StatementLine,
  type ExecutedEvidence,
  type NotExecutedEvidence,
  type PayoutAttempt,
} from './transitions/verify.ts';
export {
  opsRepoll,
  opsRetry,
  opsCancel,
  forceResolve,
  type OpsRequest,
  type OpsPayout,
  type OpsAttempt,
  type ForceResolveApproval,
  type ForceResolved,
} from './transitions/ops.ts';
