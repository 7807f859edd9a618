// Ops repositories (issue 10): stuck lists, maker-checker proposals, bulk previews, the bank
// request/answer log, audit rows, and the reads behind a payout's timeline.
export { loadOpsPayout, loadOpsPayouts, isPayoutId, type OpsPayoutRecord } from './ops-payout.repository.ts';
export { listOpsAudit, type OpsAuditRecord } from './ops-audit.repository.ts';
export {
  expireProposals,
  insertProposal,
  getProposal,
  listProposals,
  decideProposal,
  type ProposalRecord,
  type NewProposal,
  type ProposalDecisionWrite,
  type ProposalStatusValue,
} from './proposal.repository.ts';
export {
  insertBulkPreview,
  consumeBulkPreview,
  type BulkAction,
  type BulkPreviewRecord,
  type NewBulkPreview,
  type ConsumeResult,
} from './bulk-preview.repository.ts';
export {
  listStuckPayouts,
  summarizeStuckPayouts,
  type StuckQuery,
  type StuckPage,
  type StuckPayout,
  type StuckBucket,
} from './stuck.repository.ts';
export {
  recordBankExchanges,
  listBankExchanges,
  type BankExchange,
  type BankExchangeOperation,
  type StoredBankExchange,
} from './bank-exchange/bank-exchange.repository.ts';
export {
  createBankExchangeRecorder,
  type BankExchangeRecorder,
  type BufferedBankExchangeRecorder,
  type BankExchangeRecorderOptions,
} from './bank-exchange/bank-exchange.recorder.ts';
export { withBankExchangeRecording, type RecordableBankAdapter } from './bank-exchange/with-bank-exchange-recording.ts';
export { maskAccountsDeep, maskAccountsInText } from './bank-exchange/mask-bank-body.ts';
export {
  listStatementEvidence,
  findStatementLine,
  type StatementEvidenceLine,
  type VerificationRecord,
} from './statement-evidence.query.ts';
