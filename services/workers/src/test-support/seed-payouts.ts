import { createHash } from 'node:crypto';
import { acceptPayouts, createApiClient, type Db, type NewPayout } from '@payout/db';

/** Persist `n` accepted payouts for `clientId` (created if missing) the way intake does; returns their ids. */
export async function seedPayouts(
  db: Db,
  n: number,
  opts: { readonly clientId?: string; readonly amountMinor?: (i: number) => bigint; readonly keyPrefix?: string; readonly beneficiaryAccount?: (i: number) => string } = {},
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
      fundingAccount: 'cny-main',
      beneficiary: { name: `收款人 ${i}`, scheme: 'cn_bank', accountNumber: opts.beneficiaryAccount?.(i) ?? `62220202${String(100000000 + i)}` },
      railPreference: null,
      remittanceInfo: `payout ${i}`,
      requestedExecutionDate: null,
      actor: `test:${clientId}`,
    };
  });
  const ids: string[] = [];
  for (let i = 0; i < items.length; i += 500) {
    for (const r of await acceptPayouts(db, items.slice(i, i + 500))) {
      if (r.kind !== 'created' && r.kind !== 'existing') throw new Error(`seed failed: ${r.kind}`);
      ids.push(r.payout.id);
    }
  }
  return ids;
}
