import { PayoutError, type BankAccountRef, type Money } from '@payout/domain';

/** The party the money goes to. */
export interface BankBeneficiary {
  readonly name: string;
  readonly account: BankAccountRef;
}

/**
 * One credit transfer as the bank channel layer sends it. `endToEndId` is unique per attempt
 * (never per payout): it is the key for queries and for statement matching.
 */
export interface PaymentInstruction {
  /** ISO 20022 EndToEndId: 1–35 characters of the SWIFT/SEPA character set. */
  readonly endToEndId: string;
  /** The payout this attempt belongs to; banks never see it as a reference, only the simulator's ground truth does. */
  readonly payoutId: string;
  readonly amount: Money;
  readonly debtorAccount: BankAccountRef;
  readonly beneficiary: BankBeneficiary;
  readonly remittanceInfo?: string | undefined;
  /** Local date ('YYYY-MM-DD') in the bank's time zone. */
  readonly requestedExecutionDate: string;
}

/** A query key: the end-to-end id we sent, plus the bank's own reference when it gave one. */
export interface QueryRef {
  readonly endToEndId: string;
  readonly bankReference?: string | undefined;
}

// SEPA/SWIFT "Latin" character set, which every ISO 20022 bank accepts in identifiers.
const END_TO_END_ID = /^[A-Za-z0-9/\-?:().,'+]([A-Za-z0-9/\-?:().,'+ ]{0,33}[A-Za-z0-9/\-?:().,'+])?$/;
const LOCAL_DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

export function isValidEndToEndId(id: string): boolean {
  return END_TO_END_ID.test(id) && !id.includes('//');
}

/**
 * Throws `PAYOUT_E_BANK_INSTRUCTION_INVALID` when an instruction cannot be put on the wire.
 * Runs before any byte is sent, so a throw here proves the bank never saw the instruction.
 */
export function assertValidInstruction(instruction: PaymentInstruction, currency?: string): void {
  const e2e = instruction.endToEndId;
  const problem = (message: string): never => {
    throw new PayoutError('PAYOUT_E_BANK_INSTRUCTION_INVALID', message, { endToEndId: e2e.slice(0, 35) });
  };
  if (!isValidEndToEndId(e2e)) problem(`end-to-end id must be 1–35 characters of the ISO 20022 character set`);
  if (instruction.payoutId.length === 0) problem('payout id is empty');
  if (instruction.amount.amountMinor <= 0n) problem('amount must be positive');
  if (currency !== undefined && instruction.amount.currency !== currency) {
    problem(`currency ${instruction.amount.currency} is not carried by this channel (${currency})`);
  }
  const name = instruction.beneficiary.name.trim();
  if (name.length === 0 || name.length > 140) problem('beneficiary name must be 1–140 characters');
  if (instruction.beneficiary.account.accountNumber.length === 0) problem('beneficiary account number is empty');
  if (instruction.debtorAccount.accountNumber.length === 0) problem('debtor account number is empty');
  if (instruction.remittanceInfo !== undefined && instruction.remittanceInfo.length > 140) {
    problem('remittance information must be at most 140 characters');
  }
  if (!LOCAL_DATE.test(instruction.requestedExecutionDate)) problem('requested execution date must be YYYY-MM-DD');
}

/** Throws when a batch holds the same end-to-end id twice or exceeds the bank's batch size. */
export function assertValidBatch(instructions: readonly PaymentInstruction[], maxBatchSize: number, currency?: string): void {
  if (instructions.length === 0) {
    throw new PayoutError('PAYOUT_E_BANK_INSTRUCTION_INVALID', 'a batch needs at least one instruction');
  }
  if (instructions.length > maxBatchSize) {
    throw new PayoutError(
      'PAYOUT_E_BANK_INSTRUCTION_INVALID',
      `batch of ${instructions.length} exceeds the bank's maximum of ${maxBatchSize}`,
    );
  }
  const seen = new Set<string>();
  for (const i of instructions) {
    assertValidInstruction(i, currency);
    if (seen.has(i.endToEndId)) {
      throw new PayoutError('PAYOUT_E_BANK_INSTRUCTION_INVALID', 'the same end-to-end id appears twice in one batch', {
        endToEndId: i.endToEndId,
      });
    }
    seen.add(i.endToEndId);
  }
}
