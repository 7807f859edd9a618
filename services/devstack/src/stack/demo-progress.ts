import { attemptStatsByChannel, countPayoutsByStatus, type ChannelAttemptStats, type Db } from '@payout/db';
import type { PayoutStatus } from '@payout/domain';
import type { Redis } from 'ioredis';
import { instantToZoned } from '@payout/calendar';

export interface DemoSnapshot {
  readonly byStatus: Partial<Record<PayoutStatus, number>>;
  readonly channels: readonly ChannelAttemptStats[];
  /** `bank:operation` of every breaker open in Redis (shared by all worker processes). */
  readonly openBreakers: readonly string[];
  readonly simNow: string | undefined;
}

const SHOWN: readonly PayoutStatus[] = [
  'accepted',
  'processing',
  'succeeded',
  'failed',
  'awaiting_verification',
  'manual_review',
  'rejected',
  'held',
];

export async function snapshot(db: Db, redis: Redis, prefix: string, simNow: () => Promise<string | undefined>): Promise<DemoSnapshot> {
  const [byStatus, channels, keys, now] = await Promise.all([
    countPayoutsByStatus(db),
    attemptStatsByChannel(db),
    redis.keys(`${prefix}:breaker:*`),
    simNow(),
  ]);
  return { byStatus, channels, openBreakers: keys.map((k) => k.slice(`${prefix}:breaker:`.length)).sort(), simNow: now };
}

export function openCount(s: DemoSnapshot): number {
  return (s.byStatus.accepted ?? 0) + (s.byStatus.processing ?? 0) + (s.byStatus.held ?? 0);
}

/** Success rate as payment teams count it: successes / requests (attempts sent), per channel. */
export function successRate(c: ChannelAttemptStats): string {
  return c.attempts === 0 ? '  n/a' : `${((100 * c.succeeded) / c.attempts).toFixed(1).padStart(5)} %`;
}

export function progressLine(elapsedS: number, s: DemoSnapshot): string {
  const counts = SHOWN.filter((k) => (s.byStatus[k] ?? 0) > 0)
    .map((k) => `${k} ${s.byStatus[k] ?? 0}`)
    .join(' · ');
  const channels = s.channels.map((c) => `${c.channelId} ${successRate(c).trim()} of ${c.attempts}`).join(' · ');
  const breakers = s.openBreakers.length === 0 ? 'breakers closed' : `breakers OPEN: ${s.openBreakers.join(', ')}`;
  const sim = s.simNow === undefined ? '' : ` ${instantToZoned(new Date(s.simNow), 'Asia/Shanghai').time.slice(0, 5)} CST`;
  return `[${elapsedS.toFixed(0).padStart(3)} s${sim}] ${counts || 'waiting for intake'} | ${channels || 'no attempts yet'} | ${breakers}`;
}
