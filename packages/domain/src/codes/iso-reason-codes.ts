import type { ReasonTable } from './reason-class.ts';

/**
 * ISO 20022 ExternalStatusReason1Code / ExternalReturnReason1Code values relevant to credit
 * transfers we send, with the class that decides whether a new instruction is allowed.
 * Conservative by design: only reasons that are a definite reject for a cause another
 * instruction can overcome permit one. Debtor-side account problems (AC02, AC05, AC13) are
 * OUR configuration, not the beneficiary's data, so they go to a person ('other').
 */
export const ISO_REASON_CODES: ReasonTable = new Map([
  // Aborted / timeouts at the bank or scheme: a definite reject, a new instruction is allowed.
  ['AB01', { class: 'retry_allowed', description: 'AbortedClearingTimeout: clearing aborted due to timeout' }],
  ['AB03', { class: 'retry_allowed', description: 'AbortedSettlementTimeout: settlement aborted due to timeout' }],
  ['AB05', { class: 'retry_allowed', description: 'TimeoutCreditorAgent: stopped due to timeout at the creditor agent' }],
  ['AB06', { class: 'retry_allowed', description: 'TimeoutInstructedAgent: stopped due to timeout at the instructed agent' }],
  ['AB07', { class: 'retry_allowed', description: 'OfflineAgent: agent of the message is not online' }],
  ['AB08', { class: 'retry_allowed', description: 'OfflineCreditorAgent: creditor agent is not online' }],
  ['AB09', { class: 'retry_allowed', description: 'ErrorCreditorAgent: stopped due to error at the creditor agent' }],
  ['AB10', { class: 'retry_allowed', description: 'ErrorInstructedAgent: stopped due to error at the instructed agent' }],
  ['AB11', { class: 'retry_allowed', description: 'TimeoutDebtorAgent: stopped due to timeout at the debtor agent' }],
  // The bank has no trace of the instruction, and its profile says its "not found" is final
  // (answered after our submit deadline): it never received it, so nothing can execute it.
  ['NOOR', { class: 'retry_allowed', description: 'NoOriginalTransactionReceived: the bank never received the instruction' }],
  // Fatal errors in clearing/settlement: a person decides (a retry may hit the same fault).
  ['AB02', { class: 'other', description: 'AbortedClearingFatalError: clearing aborted due to a fatal error' }],
  ['AB04', { class: 'other', description: 'AbortedSettlementFatalError: settlement aborted due to a fatal error' }],

  // Beneficiary account data: fix the data; the payout ends failed.
  ['AC01', { class: 'data_error', description: 'IncorrectAccountNumber: account number invalid or missing' }],
  ['AC03', { class: 'data_error', description: 'InvalidCreditorAccountNumber: creditor account number invalid or missing' }],
  ['AC04', { class: 'data_error', description: 'ClosedAccountNumber: account closed' }],
  ['AC06', { class: 'data_error', description: 'BlockedAccount: account blocked for posting' }],
  ['AC07', { class: 'data_error', description: 'ClosedCreditorAccountNumber: creditor account closed' }],
  ['AC08', { class: 'data_error', description: 'InvalidBranchCode: branch code invalid or missing' }],
  ['AC09', { class: 'data_error', description: 'InvalidAccountCurrency: account currency invalid or missing' }],
  ['AC14', { class: 'data_error', description: 'InvalidCreditorAccountType: creditor account type invalid' }],
  ['AC15', { class: 'data_error', description: 'AccountDetailsChanged: account details have changed' }],
  ['AC16', { class: 'data_error', description: 'CardNumberInvalid: card number invalid' }],
  ['AG01', { class: 'data_error', description: 'TransactionForbidden: transaction forbidden on this account type' }],
  ['AG03', { class: 'data_error', description: 'TransactionNotSupported: transaction type not supported for this account' }],
  ['AGNT', { class: 'data_error', description: 'IncorrectAgent: agent in the payment workflow is incorrect' }],
  ['AM01', { class: 'data_error', description: 'ZeroAmount: amount is zero' }],
  ['AM03', { class: 'data_error', description: 'NotAllowedCurrency: currency not allowed' }],
  ['AM06', { class: 'data_error', description: 'TooLowAmount: amount below the minimum' }],
  ['AM09', { class: 'data_error', description: 'WrongAmount: amount is not the amount agreed or expected' }],
  ['AM12', { class: 'data_error', description: 'InvalidAmount: amount invalid or missing' }],
  ['BE01', { class: 'data_error', description: 'InconsistentWithEndCustomer: beneficiary name does not match the account' }],
  ['BE04', { class: 'data_error', description: 'MissingCreditorAddress: creditor address missing or incorrect' }],
  ['BE06', { class: 'data_error', description: 'UnknownEndCustomer: end customer unknown at the bank' }],
  ['BE17', { class: 'data_error', description: 'InvalidCreditorIdentificationCode: creditor identification invalid' }],
  ['CURR', { class: 'data_error', description: 'IncorrectCurrency: currency of the payment is incorrect' }],
  ['MD07', { class: 'data_error', description: 'EndCustomerDeceased: beneficiary deceased' }],
  ['RC01', { class: 'data_error', description: 'BankIdentifierIncorrect: bank identifier (BIC, routing) incorrect' }],
  ['RC02', { class: 'data_error', description: 'InvalidBankIdentifier: bank identifier invalid or missing' }],
  ['RC03', { class: 'data_error', description: 'InvalidDebtorBankIdentifier: debtor bank identifier invalid or missing' }],
  ['RC04', { class: 'data_error', description: 'InvalidCreditorBankIdentifier: creditor bank identifier invalid or missing' }],
  ['RC07', { class: 'data_error', description: 'InvalidCreditorBICIdentifier: creditor BIC invalid' }],
  ['RR01', { class: 'data_error', description: 'MissingDebtorAccountOrIdentification: regulatory data missing' }],
  ['RR02', { class: 'data_error', description: 'MissingDebtorNameOrAddress: regulatory data missing' }],
  ['RR03', { class: 'data_error', description: 'MissingCreditorNameOrAddress: regulatory data missing' }],
  ['RR04', { class: 'data_error', description: 'RegulatoryReason: rejected for regulatory reasons' }],

  // Amount over a channel or scheme limit: another channel may take it.
  ['AM02', { class: 'retry_other_channel', description: 'NotAllowedAmount: amount exceeds the allowed maximum' }],
  ['AM13', { class: 'retry_other_channel', description: 'AmountExceedsClearingSystemLimit: over the clearing system limit' }],
  ['AM14', { class: 'retry_other_channel', description: 'AmountExceedsAgreedLimit: over the limit agreed with the bank' }],
  ['AM21', { class: 'retry_other_channel', description: 'LimitExceeded: amount exceeds limits agreed between bank and client' }],
  ['CNOR', { class: 'retry_other_channel', description: 'CreditorBankIsNotRegistered: creditor bank not reachable in this scheme' }],

  // Our side was short of funds: retry after funding.
  ['AM04', { class: 'insufficient_funds', description: 'InsufficientFunds: insufficient funds on the debtor account' }],

  // After cut-off: next cycle.
  ['TM01', { class: 'retry_next_cycle', description: 'InvalidCutOffTime: received after the cut-off time' }],

  // Duplicates: the bank may hold an earlier executed instruction → manual review, never resend.
  ['AM05', { class: 'duplicate', description: 'Duplication: duplicate payment' }],
  ['DUPL', { class: 'duplicate', description: 'DuplicatePayment: payment is a duplicate of another payment' }],
  ['RF01', { class: 'duplicate', description: 'NotUniqueTransactionReference: transaction reference not unique' }],

  // Known, but no basis for a new instruction: a person decides.
  ['AC02', { class: 'other', description: 'InvalidDebtorAccountNumber: our debtor account invalid (configuration)' }],
  ['AC05', { class: 'other', description: 'ClosedDebtorAccountNumber: our debtor account closed (configuration)' }],
  ['AC13', { class: 'other', description: 'InvalidDebtorAccountType: our debtor account type invalid (configuration)' }],

  ['CUST', { class: 'other', description: "RequestedByCustomer: cancelled or returned at the customer's request" }],
  ['DT01', { class: 'other', description: 'InvalidDate: invalid date (e.g. wrong settlement date)' }],
  ['ED05', { class: 'other', description: 'SettlementFailed: settlement of the transaction failed' }],
  ['FF01', { class: 'other', description: 'InvalidFileFormat: file or message format invalid' }],
  ['FOCR', { class: 'other', description: 'FollowingCancellationRequest: returned after a cancellation request' }],
  ['FRAD', { class: 'other', description: 'FraudulentOrigin: fraud suspected' }],
  ['MS02', { class: 'other', description: 'NotSpecifiedReasonCustomerGenerated: reason not specified (customer)' }],
  ['MS03', { class: 'other', description: 'NotSpecifiedReasonAgentGenerated: reason not specified (agent)' }],
  ['NARR', { class: 'other', description: 'Narrative: reason given as free text' }],
  ['TECH', { class: 'other', description: 'TechnicalProblem: technical problem' }],
  ['UPAY', { class: 'other', description: 'UnduePayment: payment not justified' }],
]);
