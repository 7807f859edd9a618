/**
 * The queue upstream consumers read payout events from (one job per event; see
 * bullmq-event-sink.ts for the payload). Created with the deployment's queue prefix.
 */
export const PAYOUT_EVENTS_QUEUE = 'payout-events';
