import { z } from 'zod';
import { RAIL_IDS, type RailId } from '@payout/calendar';
import { ACCOUNT_SCHEMES, isPayoutError, parseAmountMinor, validateBankAccount, type AccountScheme, type ErrorCode } from '@payout/domain';
import { isSafeText } from './safe-text.ts';

/** The largest amount the store can hold (int8). */
export const MAX_AMOUNT_MINOR = 9_223_372_036_854_775_807n;

const safeText = (max: number) =>
  z.string().min(1).max(max).refine(isSafeText, { message: 'must not contain control, invisible or direction-override characters' });

const optional = <T extends z.ZodType>(schema: T) => schema.nullable().optional();

/** Idempotency keys: 1–255 printable ASCII characters without spaces (UUIDs, ULIDs, order ids…). */
export const IDEMPOTENCY_KEY_PATTERN = /^[!-~]{1,255}$/;
/** Client ids: the same rule as the api_clients table. */
export const CLIENT_ID_PATTERN = /^[a-z0-9][a-z0-9_.-]{0,62}$/;

/**
 * A payout request as upstream sends it, over HTTP (`POST /v1/payouts` body) or inside a
 * queue job. Unknown fields are refused. The amount is a major-unit decimal STRING
 * (`"123.45"`), parsed exactly into minor units; JSON numbers are refused.
 */
export const payoutRequestBodySchema = z
  .strictObject({
    amount: z
      .string()
      .max(40)
      .meta({
        description: 'Amount in major units as a decimal string, at most the currency\'s decimals: "123.45" CNY, "5" JPY.',
        examples: ['1250.00'],
      }),
    currency: z
      .string()
      .length(3)
      .meta({ description: 'ISO 4217 code, upper case.', examples: ['EUR'] }),
    fundingAccount: optional(
      z
        .string()
        .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/)
        .meta({
          description:
            "Optional. Id of an active funding account of the payout's currency (treasury's `liquidity accounts`) to pay from: the payout then goes only through channels funded from it. Absent or null: routing chooses among all channels. Unknown, inactive or another currency: 422 naming this field.",
          examples: ['cn-hvps'],
        }),
    ),
    beneficiary: z.strictObject({
      name: safeText(140).meta({ description: 'Beneficiary name (ISO 20022 Max140Text).' }),
      scheme: z.enum(ACCOUNT_SCHEMES),
      accountNumber: z.string().min(1).max(42).meta({ description: 'IBAN, US/UK/CN account number. Never logged or returned in full.' }),
      bankCode: optional(
        z
          .string()
          .min(1)
          .max(16)
          .meta({ description: 'BIC (iban), ABA routing number (us_aba), sort code (uk_sort_code), CNAPS code (cn_bank).' }),
      ),
    }),
    railPreference: optional(z.enum(RAIL_IDS)),
    remittanceInfo: optional(safeText(140).meta({ description: 'Unstructured remittance information (Max140Text).' })),
    requestedExecutionDate: optional(z.iso.date().meta({ description: 'Earliest execution date, YYYY-MM-DD.' })),
  })
  .meta({ description: 'A payout request' });

export type PayoutRequestInput = z.input<typeof payoutRequestBodySchema>;

/** A validated, normalised payout request: exact minor units, normalised account. */
export interface PayoutRequest {
  readonly amountMinor: bigint;
  readonly currency: string;
  /** The funding account the payout must be paid from; null = routing chooses. Checked against treasury's accounts at intake. */
  readonly fundingAccount: string | null;
  readonly beneficiary: {
    readonly name: string;
    readonly scheme: AccountScheme;
    readonly accountNumber: string;
    readonly bankCode?: string;
  };
  readonly railPreference: RailId | null;
  readonly remittanceInfo: string | null;
  readonly requestedExecutionDate: string | null;
}

/** A zod issue carrying the registry code it maps to. */
function addCodedIssue(ctx: z.RefinementCtx, path: (string | number)[], code: ErrorCode, message: string): void {
  ctx.addIssue({ code: 'custom', path, message, params: { payoutCode: code } });
}

/**
 * The body schema plus the domain checks (money, account, dates), producing a
 * PayoutRequest. The same schema validates HTTP bodies and queue jobs.
 */
export const payoutRequestSchema = payoutRequestBodySchema.transform((b, ctx): PayoutRequest => {
  let failed = false;
  const fail = (path: (string | number)[], code: ErrorCode, message: string) => {
    failed = true;
    addCodedIssue(ctx, path, code, message);
  };
  let amountMinor = 0n;
  try {
    amountMinor = parseAmountMinor(b.amount, b.currency);
  } catch (err) {
    if (!isPayoutError(err)) throw err;
    addCodedIssue(ctx, [err.code === 'PAYOUT_E_UNKNOWN_CURRENCY' ? 'currency' : 'amount'], err.code, err.message);
    return z.NEVER;
  }
  if (amountMinor <= 0n) fail(['amount'], 'PAYOUT_E_INVALID_AMOUNT', 'amount must be greater than zero');
  if (amountMinor > MAX_AMOUNT_MINOR) fail(['amount'], 'PAYOUT_E_INVALID_AMOUNT', 'amount is too large');
  const bankCode = b.beneficiary.bankCode ?? undefined;
  const account = validateBankAccount({ scheme: b.beneficiary.scheme, accountNumber: b.beneficiary.accountNumber, bankCode });
  if (!account.ok) {
    const onBankCode =
      account.code === 'PAYOUT_E_INVALID_BIC' || account.code === 'PAYOUT_E_INVALID_ABA' || account.code === 'PAYOUT_E_INVALID_SORT_CODE';
    fail(['beneficiary', onBankCode ? 'bankCode' : 'accountNumber'], account.code, account.message);
  }
  const date = b.requestedExecutionDate ?? null;
  if (date !== null && !isRealDate(date))
    fail(['requestedExecutionDate'], 'PAYOUT_E_VALIDATION', 'requestedExecutionDate must be a calendar date in 2000–2099');
  if (failed || !account.ok) return z.NEVER;
  const acct = account.normalized;
  return {
    amountMinor,
    currency: b.currency,
    fundingAccount: b.fundingAccount ?? null,
    beneficiary: {
      name: b.beneficiary.name.normalize('NFC'),
      scheme: acct.scheme,
      accountNumber: acct.accountNumber,
      ...(acct.bankCode === undefined ? {} : { bankCode: acct.bankCode }),
    },
    railPreference: b.railPreference ?? null,
    remittanceInfo: b.remittanceInfo === undefined || b.remittanceInfo === null ? null : b.remittanceInfo.normalize('NFC'),
    requestedExecutionDate: date,
  };
});

function isRealDate(s: string): boolean {
  const [y, m, d] = s.split('-').map(Number) as [number, number, number];
  const t = new Date(Date.UTC(y, m - 1, d));
  return y >= 2000 && y <= 2099 && t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}
