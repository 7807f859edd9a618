import { randomBytes } from 'node:crypto';

/**
 * A fresh end-to-end id for one attempt: `P` + 12 base-36 characters of time + 16 of
 * randomness (29 characters, letters and digits only, so every bank's character set takes
 * it). Unique by construction with overwhelming probability; the database's unique index
 * makes a collision fail loudly instead of silently sharing an id.
 */
export function newEndToEndId(nowMs: number = Date.now()): string {
  const time = Math.floor(nowMs).toString(36).toUpperCase().padStart(12, '0').slice(-12);
  const rand = BigInt(`0x${randomBytes(10).toString('hex')}`)
    .toString(36)
    .toUpperCase()
    .padStart(16, '0')
    .slice(-16);
  return `P${time}${rand}`;
}
