// Intake: a payout comes into existence `accepted`, or a request is refused before it becomes one.
//
// These two are the only lifecycle records not built by a transition function: the intake writer
// (`@payout/db` acceptPayouts / recordIntakeRejections) creates the payout row, its first event and
// its outbox row in ONE statement, so that a replayed Idempotency-Key costs no extra round trip and
// an event can never exist without its payout. The event types and their data are defined here,
// with the rest of the lifecycle's vocabulary; the writer only stores them.

/** The first event of every payout: `null → accepted`, seq 1, data `{ amountMinor, currency }`. */
export const PAYOUT_ACCEPTED_EVENT = 'payout.accepted';

/** A request refused at intake (no payout row): told to upstream through the outbox, no seq. */
export const PAYOUT_REJECTED_EVENT = 'payout.rejected';
