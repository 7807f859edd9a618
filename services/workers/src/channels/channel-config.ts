import { parseBankProfile, type BankProfile } from '@payout/bank';
import { PayoutError, parseMinorUnits, validateBankAccount, type BankAccountRef } from '@payout/domain';
import { fundingAccountOfChannel } from '@payout/ledger';
import { z } from 'zod';

/**
 * One bank channel as the workers use it: the bank's declared profile, where its API is,
 * which of our accounts pays from it, and routing hints.
 */
export interface ChannelConfig {
  readonly id: string;
  readonly profile: BankProfile;
  readonly baseUrl: string;
  /** Our funding account at this bank (the debtor of every instruction sent through it). */
  readonly debtorAccount: BankAccountRef;
  readonly debtorName: string;
  readonly weight: number;
  readonly minAmountMinor: bigint;
  /** Beneficiary bank code prefixes this channel reaches; absent = any. */
  readonly beneficiaryBanks?: readonly string[] | undefined;
  /** The ledger's name for `debtorAccount` (positions, liquidity gate, pre-funding plan): see fundingAccountOfChannel. */
  readonly fundingAccountId: string;
}

const accountSchema = z.object({
  scheme: z.enum(['iban', 'us_aba', 'uk_sort_code', 'cn_bank']),
  accountNumber: z.string().min(1),
  bankCode: z.string().min(1).optional(),
});

const channelSchema = z.object({
  profile: z.unknown(),
  baseUrl: z.url(),
  debtorAccount: accountSchema,
  debtorName: z.string().min(1).max(140).default('Payout Worker'),
  weight: z.number().positive().default(1),
  minAmountMinor: z
    .string()
    .regex(/^[1-9]\d{0,30}$/)
    .default('1'),
  beneficiaryBanks: z.array(z.string().min(1)).optional(),
});

export const channelsSchema = z.array(channelSchema).min(1);
export type ChannelsJson = z.input<typeof channelsSchema>;

/**
 * Parse the channel list (JSON from config), reporting every problem at once.
 * @throws PayoutError PAYOUT_E_CONFIG_INVALID
 */
export function parseChannels(json: unknown): readonly ChannelConfig[] {
  const r = channelsSchema.safeParse(json);
  const problems: string[] = r.success ? [] : r.error.issues.map((i) => `channels.${i.path.join('.')}: ${i.message}`);
  const out: ChannelConfig[] = [];
  if (r.success) {
    for (const [i, c] of r.data.entries()) {
      let profile: BankProfile | undefined;
      try {
        profile = parseBankProfile(c.profile);
      } catch (error) {
        problems.push(`channels.${i}.profile: ${error instanceof Error ? error.message : String(error)}`);
      }
      const account = validateBankAccount({
        scheme: c.debtorAccount.scheme,
        accountNumber: c.debtorAccount.accountNumber,
        bankCode: c.debtorAccount.bankCode,
      });
      if (!account.ok) problems.push(`channels.${i}.debtorAccount: ${account.message}`);
      if (profile === undefined || !account.ok) continue;
      out.push({
        id: profile.bankId,
        profile,
        baseUrl: c.baseUrl,
        debtorAccount: account.normalized,
        debtorName: c.debtorName,
        weight: c.weight,
        minAmountMinor: parseMinorUnits(c.minAmountMinor),
        beneficiaryBanks: c.beneficiaryBanks,
        fundingAccountId: fundingAccountOfChannel(profile.bankId),
      });
    }
    const ids = out.map((c) => c.id);
    for (const dup of new Set(ids.filter((id, i) => ids.indexOf(id) !== i))) problems.push(`channels: bank id ${dup} appears twice`);
  }
  if (problems.length > 0)
    throw new PayoutError('PAYOUT_E_CONFIG_INVALID', `invalid channel configuration: ${problems.join('; ')}`, { problems });
  return out;
}
