import type { PaymentInstruction } from '@payout/bank';
import { instantToZoned } from '@payout/calendar';
import { money, type AccountScheme, type PayoutStatus } from '@payout/domain';
import type { ChannelConfig } from '../channels/channel-config.ts';

/** The payout fields an instruction is built from. */
export interface InstructionPayout {
  readonly id: string;
  readonly amountMinor: bigint;
  readonly currency: string;
  readonly beneficiary: {
    readonly name: string;
    readonly scheme: string;
    readonly accountNumber: string;
    readonly bankCode?: string | undefined;
  };
  readonly remittanceInfo: string | null;
  readonly requestedExecutionDate: string | null;
  readonly status?: PayoutStatus;
}

/**
 * The instruction for one attempt: the payout's money and beneficiary, our funding account
 * at the channel's bank as debtor, the attempt's end-to-end id, and the requested execution
 * date (the payout's, or today in the bank's zone when that has passed).
 */
export function buildInstruction(payout: InstructionPayout, endToEndId: string, channel: ChannelConfig, now: Date): PaymentInstruction {
  const today = instantToZoned(now, channel.profile.timeZone).date;
  const requested = payout.requestedExecutionDate !== null && payout.requestedExecutionDate > today ? payout.requestedExecutionDate : today;
  const b = payout.beneficiary;
  return {
    endToEndId,
    payoutId: payout.id,
    amount: money(payout.amountMinor, payout.currency),
    debtorAccount: channel.debtorAccount,
    beneficiary: {
      name: b.name,
      account: {
        scheme: b.scheme as AccountScheme,
        accountNumber: b.accountNumber,
        ...(b.bankCode !== undefined ? { bankCode: b.bankCode } : {}),
      },
    },
    ...(payout.remittanceInfo !== null ? { remittanceInfo: payout.remittanceInfo } : {}),
    requestedExecutionDate: requested,
  };
}
