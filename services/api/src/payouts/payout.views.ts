import { z } from 'zod';
import { ATTEMPT_STATES, PAYOUT_STATUSES, formatAmountMinor, maskAccount } from '@payout/domain';
import type { PayoutDetail, PayoutRecord } from '@payout/db';

const iso = z.string().meta({ description: 'RFC 3339 timestamp (UTC)' });

const beneficiaryView = z.object({
  name: z.string(),
  scheme: z.string(),
  accountNumber: z.string().meta({ description: 'Masked: only the last 4 characters are shown.' }),
  bankCode: z.string().optional(),
});

/** What `POST /v1/payouts` answers — identical on every replay of the same request. */
export const payoutReceiptSchema = z
  .object({
    id: z.string(),
    clientId: z.string(),
    idempotencyKey: z.string(),
    status: z
      .enum(PAYOUT_STATUSES)
      .meta({ description: 'Status at acceptance (always `accepted`); GET the payout for its current status.' }),
    amount: z.string().meta({ description: "Major units, exactly the currency's decimals." }),
    amountMinor: z.string().meta({ description: 'Integer minor units as a string.' }),
    currency: z.string(),
    fundingAccount: z.string().nullable().meta({
      description:
        'The funding account the request named (only channels funded from it pay it out); null when it named none and routing chooses.',
    }),
    beneficiary: beneficiaryView,
    railPreference: z.string().nullable(),
    remittanceInfo: z.string().nullable(),
    requestedExecutionDate: z.string().nullable(),
    createdAt: iso,
  })
  .meta({ description: 'Payout accepted' });

export const payoutViewSchema = payoutReceiptSchema.extend({
  status: z.enum(PAYOUT_STATUSES),
  statusReason: z.string().nullable(),
  nextAction: z.string().nullable(),
  nextActionAt: iso.nullable(),
  attemptCount: z.number().int(),
  version: z.number().int(),
  updatedAt: iso,
});

const attemptView = z.object({
  attemptNo: z.number().int(),
  channelId: z.string(),
  endToEndId: z.string(),
  state: z.enum(ATTEMPT_STATES),
  bankReference: z.string().nullable(),
  statusCode: z.string().nullable(),
  reasonCode: z.string().nullable(),
  sentAt: iso.nullable(),
  answeredAt: iso.nullable(),
});

const eventView = z.object({
  seq: z.number().int(),
  type: z.string(),
  fromStatus: z.string().nullable(),
  toStatus: z.string().nullable(),
  data: z.record(z.string(), z.unknown()),
  actor: z.string(),
  createdAt: iso,
});

export const payoutDetailSchema = payoutViewSchema.extend({ attempts: z.array(attemptView), events: z.array(eventView) });

export const payoutPageSchema = z.object({
  items: z.array(payoutViewSchema),
  nextCursor: z.string().nullable().meta({ description: 'Pass as `cursor` for the next page; null on the last page.' }),
});

export type PayoutReceipt = z.infer<typeof payoutReceiptSchema>;
export type PayoutView = z.infer<typeof payoutViewSchema>;
export type PayoutDetailView = z.infer<typeof payoutDetailSchema>;

export function toReceipt(p: PayoutRecord): PayoutReceipt {
  return {
    id: p.id,
    clientId: p.clientId,
    idempotencyKey: p.idempotencyKey,
    status: 'accepted',
    amount: formatAmountMinor(p.amountMinor, p.currency),
    amountMinor: p.amountMinor.toString(),
    currency: p.currency,
    fundingAccount: p.fundingAccount,
    beneficiary: {
      name: p.beneficiary.name,
      scheme: p.beneficiary.scheme,
      accountNumber: maskAccount(p.beneficiary.accountNumber),
      ...(p.beneficiary.bankCode === undefined ? {} : { bankCode: p.beneficiary.bankCode }),
    },
    railPreference: p.railPreference,
    remittanceInfo: p.remittanceInfo,
    requestedExecutionDate: p.requestedExecutionDate,
    createdAt: p.createdAt.toISOString(),
  };
}

export function toView(p: PayoutRecord): PayoutView {
  return {
    ...toReceipt(p),
    status: p.status,
    statusReason: p.statusReason,
    nextAction: p.nextAction,
    nextActionAt: p.nextActionAt?.toISOString() ?? null,
    attemptCount: p.attemptCount,
    version: p.version,
    updatedAt: p.updatedAt.toISOString(),
  };
}

export function toDetailView(d: PayoutDetail): PayoutDetailView {
  return {
    ...toView(d.payout),
    attempts: d.attempts.map((a) => ({
      attemptNo: a.attemptNo,
      channelId: a.channelId,
      endToEndId: a.endToEndId,
      state: a.state,
      bankReference: a.bankReference,
      statusCode: a.statusCode,
      reasonCode: a.reasonCode,
      sentAt: a.sentAt?.toISOString() ?? null,
      answeredAt: a.answeredAt?.toISOString() ?? null,
    })),
    events: d.events.map((e) => ({
      seq: e.seq,
      type: e.type,
      fromStatus: e.fromStatus,
      toStatus: e.toStatus,
      data: { ...e.data },
      actor: e.actor,
      createdAt: e.createdAt.toISOString(),
    })),
  };
}
