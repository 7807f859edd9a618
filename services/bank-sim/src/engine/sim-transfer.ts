import type { TransactionBehaviour } from '../config/sim-config.schema.ts';

/** A transfer as a submission request carries it, whatever the dialect. */
export interface IncomingTransfer {
  readonly endToEndId: string;
  readonly payoutId: string | undefined;
  readonly amountMinor: bigint;
  readonly currency: string;
  readonly debtorAccount: string;
  readonly beneficiaryAccount: string;
  readonly beneficiaryName: string;
  readonly messageId: string | undefined;
}

export type TransferState = 'pending' | 'succeeded' | 'failed' | 'rejected' | 'returned';

/**
 * What the bank recorded for one submission of one end-to-end id. `occurrence` counts
 * submissions of the same id (the dangerous bank executes each one). Money left the
 * account exactly when `bookedAt` is set.
 */
export interface SimTransfer extends IncomingTransfer {
  readonly bankId: string;
  readonly occurrence: number;
  readonly submittedAt: number;
  readonly behaviour: TransactionBehaviour | 'validation';
  state: TransferState;
  reasonCode: string | undefined;
  finalAt: number | undefined;
  bookedAt: number | undefined;
  returnAt: number | undefined;
  returnReason: string | undefined;
  returnedAt: number | undefined;
  readonly bankReference: string;
  /** Picks between equivalent status words / codes, so adapters see every spelling. */
  readonly variant: number;
}

/** One line on an account: a payout debit, a return credit or a funding credit. */
export interface LedgerEntry {
  readonly seq: number;
  readonly account: string;
  /** Simulated epoch ms of booking. */
  readonly at: number;
  /** Local booking date in the bank's zone. */
  readonly bookingDate: string;
  /** Signed: negative for debits. */
  readonly amountMinor: bigint;
  readonly kind: 'payout' | 'return' | 'funding';
  readonly endToEndId: string;
  readonly reasonCode: string | undefined;
  readonly counterpartyName: string;
  readonly counterpartyAccount: string;
  readonly reference: string;
}

/** How a submission answer reports one transfer. */
export type SubmitReport = 'accepted' | 'pending' | 'succeeded' | 'rejected' | 'unrecognised';

export interface SubmitResult {
  readonly endToEndId: string;
  /** Undefined when the bank refused a reused end-to-end id without recording it. */
  readonly transfer: SimTransfer | undefined;
  readonly report: SubmitReport;
  readonly reasonCode: string | undefined;
}

export function isExecuted(t: SimTransfer): boolean {
  return t.bookedAt !== undefined;
}
