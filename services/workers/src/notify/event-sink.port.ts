import type { OutboxMessage } from '@payout/db';

/**
 * Where outbox events go for upstream consumers. `publish` resolves only when every message
 * is durably accepted; publishing one again (after a crash between publish and the outbox
 * update) must be harmless — consumers dedupe by event id.
 */
export interface EventSink {
  publish(messages: readonly OutboxMessage[]): Promise<void>;
}
