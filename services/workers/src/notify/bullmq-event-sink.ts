import type { OutboxMessage } from '@payout/db';
import type { Queue } from 'bullmq';
import type { EventSink } from './event-sink.port.ts';

/** The job an upstream consumer takes from the events queue. */
export interface PayoutEventJob {
  /** Unique per event; also the BullMQ job id, so a re-published event is not queued twice while it waits. */
  readonly eventId: string;
  readonly payoutId: string | null;
  readonly clientId: string | null;
  /** Per-payout sequence number: consumers order a payout's events by it and drop ones they have seen. */
  readonly seq: number | null;
  readonly type: string;
  readonly payload: Readonly<Record<string, unknown>>;
}

/** Events to a BullMQ queue, one job per event, job id = event id. */
export function createBullmqEventSink(queue: Queue): EventSink {
  return {
    async publish(messages: readonly OutboxMessage[]): Promise<void> {
      await queue.addBulk(
        messages.map((m) => ({
          name: m.type,
          data: {
            eventId: m.eventId,
            payoutId: m.payoutId,
            clientId: m.clientId,
            seq: m.seq,
            type: m.type,
            payload: m.payload,
          } satisfies PayoutEventJob,
          opts: { jobId: m.eventId, removeOnComplete: { age: 86_400 }, removeOnFail: { age: 7 * 86_400 } },
        })),
      );
    },
  };
}
