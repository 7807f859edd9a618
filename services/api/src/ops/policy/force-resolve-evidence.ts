/**
 * Evidence attached to a force-resolve proposal. Stored as JSON on the proposal and shown in
 * the timeline. `statement_line` / `statement` count as statement evidence: the only kinds that
 * let a payout the bank may have executed be forced to failed without an override reason.
 */
export type ForceResolveEvidence =
  /** A line of a bank statement (issue 8's stored line id when ingested, and/or the bank's reference). */
  | {
      readonly kind: 'statement_line';
      readonly lineId?: string | undefined;
      readonly reference?: string | undefined;
      readonly note?: string | undefined;
    }
  /** A whole statement (account + date) showing no debit for the payout. */
  | {
      readonly kind: 'statement';
      readonly statementId?: string | undefined;
      readonly account?: string | undefined;
      readonly date?: string | undefined;
      readonly note?: string | undefined;
    }
  /** The bank's own reference for the transfer (e.g. from a call with the bank). */
  | { readonly kind: 'bank_reference'; readonly reference: string; readonly note?: string | undefined }
  /** An uploaded confirmation, identified by its digest (the file itself lives in document storage). */
  | { readonly kind: 'confirmation'; readonly fileName: string; readonly sha256: string; readonly note?: string | undefined };

export type EvidenceKind = ForceResolveEvidence['kind'];
export const EVIDENCE_KINDS: readonly EvidenceKind[] = ['statement_line', 'statement', 'bank_reference', 'confirmation'];

export function isStatementEvidence(e: ForceResolveEvidence): boolean {
  return e.kind === 'statement_line' || e.kind === 'statement';
}
