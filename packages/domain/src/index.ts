// Public API of @payout/domain. Pure: no I/O, no clock.
export { ERROR_CODES, isErrorCode, type ErrorCode, type ErrorCodeInfo } from './errors/error-codes.ts';
export { PayoutError, isPayoutError } from './errors/payout-error.ts';

export { isCurrency, currencyExponent, listCurrencies, ISO_4217_PUBLISH_DATE } from './money/currency.ts';
export {
  money,
  addMoney,
  subtractMoney,
  compareMoney,
  sumMoney,
  negateMoney,
  isZeroMoney,
  isPositiveMoney,
  type Money,
} from './money/money.ts';
export { parseAmountMinor, parseMoney, formatAmountMinor, formatMoney } from './money/amount-decimal.ts';
export { parseMinorUnits, moneyToJson, moneyFromJson, type MoneyJson } from './money/money-json.ts';

// Status vocabulary only; the transition tables and the new-attempt rule live in @payout/lifecycle.
export { PAYOUT_STATUSES, isPayoutStatus, isFinalPayoutStatus, isWaitingPayoutStatus, type PayoutStatus } from './state/payout-status.ts';
export { ATTEMPT_STATES, isAttemptState, isLiveAttemptState, isFinalAttemptState, type AttemptState } from './state/attempt-state.ts';

export { classifyIsoStatus, ISO_STATUS_CODES, type OutcomeClass } from './codes/iso-status.ts';
export { classifyReason } from './codes/classify-reason.ts';
export { classPermitsNewAttempt, type ReasonClass, type ReasonInfo } from './codes/reason-class.ts';
export { ISO_REASON_CODES } from './codes/iso-reason-codes.ts';
export { NACHA_RETURN_CODES } from './codes/nacha-return-codes.ts';

export { validateIban, normalizeIban } from './accounts/iban.ts';
export { validateBic } from './accounts/bic.ts';
export { validateAbaRouting, validateUsAccountNumber } from './accounts/aba-routing.ts';
export { validateUkSortCode, validateUkAccountNumber, normalizeUkSortCode } from './accounts/uk-account.ts';
export { validateCnAccountNumber, validateCnapsCode } from './accounts/cn-account.ts';
export { luhnValid } from './accounts/luhn.ts';
export { maskAccount } from './accounts/mask-account.ts';
export {
  validateBankAccount,
  ACCOUNT_SCHEMES,
  type AccountScheme,
  type BankAccountRef,
  type BankAccountValidation,
} from './accounts/bank-account.ts';

export { LOG_REDACT_PATHS, LOG_REDACT_CENSOR } from './logging/log-redaction.ts';
