import type { SimTransfer } from '../engine/sim-transfer.ts';

const iso = (ms: number | undefined): string | null => (ms === undefined ? null : new Date(ms).toISOString());

/** A transfer as the ground-truth API shows it (amounts as strings of minor units). */
export function transferJson(t: SimTransfer): Record<string, unknown> {
  return {
    bankId: t.bankId,
    endToEndId: t.endToEndId,
    occurrence: t.occurrence,
    payoutId: t.payoutId ?? null,
    messageId: t.messageId ?? null,
    amountMinor: t.amountMinor.toString(),
    currency: t.currency,
    debtorAccount: t.debtorAccount,
    beneficiaryAccount: t.beneficiaryAccount,
    beneficiaryName: t.beneficiaryName,
    behaviour: t.behaviour,
    state: t.state,
    executed: t.bookedAt !== undefined,
    reasonCode: t.reasonCode ?? null,
    bankReference: t.bankReference,
    submittedAt: iso(t.submittedAt),
    finalAt: iso(t.finalAt),
    bookedAt: iso(t.bookedAt),
    returnAt: iso(t.returnAt),
    returnReason: t.returnReason ?? null,
    returnedAt: iso(t.returnedAt),
  };
}
