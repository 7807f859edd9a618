import { formatAmountMinor } from '@payout/domain';

/** Absolute amount as the bank's decimal string (exact; from bigint minor units). */
export function decimalAbs(amountMinor: bigint, currency: string): string {
  return formatAmountMinor(amountMinor < 0n ? -amountMinor : amountMinor, currency);
}
