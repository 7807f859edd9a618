import { createHash } from 'node:crypto';
import type { RailId } from '@payout/calendar';
import { acceptPayouts, createApiClient, type Db, type NewPayout } from '@payout/db';

/**
 * Persist `n` accepted payouts for `clientId` (created if missing) the way intake does, due for
 * submission at `dueAt`; returns their ids.
 *
 * Intake stamps `next_action_at` with the database's clock, which is the real date; a test runs
 * its workers on a simulated clock pinned to a date of its own (usually before the real one),
 * so the rows are made due at the test's simulated start instead.
 */
export async function seedPayouts(
  db: Db,
  n: number,
  opts: {
    /** The simulated instant from which the payouts are due (the test's clock start). */
    readonly dueAt: Date;
    readonly clientId?: string;
    readonly amountMinor?: (i: number) => bigint;
    readonly keyPrefix?: string;
    readonly beneficiaryAccount?: (i: number) => string;
    /** The rail the client asks for (null: any). */
    readonly railPreference?: (i: number) => RailId | null;
    /** The funding account the client names (null, the default: routing chooses); it must be registered with treasury. */
    readonly fundingAccount?: (i: number) => string | null;
  },
): Promise<string[]> {
  const clientId = opts.clientId ?? 'acme';
  await createApiClient(db, { id: clientId }).catch(() => undefined);
  const items: NewPayout[] = Array.from({ length: n }, (_, i) => {
    const key = `${opts.keyPrefix ?? 'k'}-${i}`;
    return {
      clientId,
      idempotencyKey: key,
      requestFingerprint: createHash('sha256').update(key).digest('hex'),
      amountMinor: opts.amountMinor?.(i) ?? BigInt(1_000 + (i % 97) * 100),
      currency: 'CNY',
      fundingAccount: opts.fundingAccount?.(i) ?? null,
      beneficiary: {
        name: `收款人 ${i}`,
        scheme: 'cn_bank',
        accountNumber: opts.beneficiaryAccount?.(i) ?? `62220202${String(100000000 + i)}`,
      },
      railPreference: opts.railPreference?.(i) ?? null,
      remittanceInfo: `payout ${i}`,
      requestedExecutionDate: null,
      actor: `test:${clientId}`,
    };
  });
  const ids: string[] = [];
  for (let i = 0; i < items.length; i += 500) {
    const chunk: string[] = [];
    for (const r of await acceptPayouts(db, items.slice(i, i + 500))) {
      if (r.kind !== 'created' && r.kind !== 'existing') throw new Error(`seed failed: ${r.kind}`);
      chunk.push(r.payout.id);
    }
    await db.updateTable('payouts').set({ next_action_at: opts.dueAt }).where('id', 'in', chunk).where('status', '=', 'accepted').execute();
    ids.push(...chunk);
  }
  return ids;
}
