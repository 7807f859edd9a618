import { deliverOutbox, type Db } from '@payout/db';
import type { EventSink } from './event-sink.port.ts';

/**
 * Deliver one batch of outbox rows to the sink and mark them delivered, in one transaction
 * (see deliverOutbox): at least once, each with its unique event id and per-payout sequence.
 */
export function runNotifyBatch(db: Db, sink: EventSink, batchSize: number): Promise<number> {
  return deliverOutbox(db, batchSize, (messages) => sink.publish(messages));
}
