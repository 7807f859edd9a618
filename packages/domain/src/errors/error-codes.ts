/**
 * The one registry of stable error codes. Every `PayoutError` carries one of these codes;
 * APIs return it in problem+json, the CLI prints it, logs index on it. Codes never change
 * meaning once published; add new ones instead. Each code has a section in docs/errors.md
 * (a unit test fails when one is missing).
 *
 * To add a code: add ONE entry here and ONE `## PAYOUT_E_…` section to docs/errors.md.
 *
 * @example
 *   throw new PayoutError('PAYOUT_E_INVALID_AMOUNT', 'amount "1.234" has 3 decimals; CNY allows 2');
 */
export interface ErrorCodeInfo {
  /** HTTP status an API answers with when this error reaches the edge. */
  readonly httpStatus: number;
  /** Short, stable, human title (RFC 9457 `title`). */
  readonly title: string;
  /** What it means; docs/errors.md says what to do. */
  readonly description: string;
}

export const ERROR_CODES = {
  // --- money ---
  PAYOUT_E_INVALID_AMOUNT: {
    httpStatus: 422,
    title: 'Invalid amount',
    description: "The amount is not a plain decimal string with at most the currency's number of decimals.",
  },
  PAYOUT_E_UNKNOWN_CURRENCY: {
    httpStatus: 422,
    title: 'Unknown currency',
    description: 'The currency is not an active ISO 4217 code usable for payments.',
  },
  PAYOUT_E_CURRENCY_MISMATCH: {
    httpStatus: 422,
    title: 'Currency mismatch',
    description:
      'Arithmetic or comparison was attempted between amounts in different currencies, or a named funding account is in another currency than the payout.',
  },

  // --- state machines and the no-double-payout rule ---
  PAYOUT_E_INVALID_TRANSITION: {
    httpStatus: 409,
    title: 'Invalid state transition',
    description: 'The requested state change is not allowed by the payout or attempt transition table.',
  },
  PAYOUT_E_ATTEMPT_LIVE: {
    httpStatus: 409,
    title: 'An attempt is still live',
    description: 'A new attempt was refused because an earlier attempt is not definitively failed.',
  },
  PAYOUT_E_REASON_FORBIDS_RETRY: {
    httpStatus: 409,
    title: 'Failure reason forbids a new attempt',
    description: 'An earlier attempt failed for a reason (data error, duplicate, unknown reason) that does not permit a new instruction.',
  },
  PAYOUT_E_ALREADY_SUCCEEDED: {
    httpStatus: 409,
    title: 'Payout already succeeded',
    description: 'An attempt of this payout succeeded; no further attempt may be made.',
  },
  PAYOUT_E_RETRY_LIMIT: {
    httpStatus: 409,
    title: 'Attempt limit reached',
    description: 'The payout has used its maximum number of attempts.',
  },

  // --- account identifiers ---
  PAYOUT_E_INVALID_ACCOUNT: {
    httpStatus: 422,
    title: 'Invalid bank account',
    description: 'The account number does not have the format its scheme requires.',
  },
  PAYOUT_E_INVALID_IBAN: {
    httpStatus: 422,
    title: 'Invalid IBAN',
    description: 'The IBAN has a wrong country format, length or mod-97 checksum.',
  },
  PAYOUT_E_INVALID_BIC: {
    httpStatus: 422,
    title: 'Invalid BIC',
    description: 'The BIC is not 8 or 11 characters of the ISO 9362 form with a known country.',
  },
  PAYOUT_E_INVALID_ABA: {
    httpStatus: 422,
    title: 'Invalid ABA routing number',
    description: 'The US routing number is not 9 digits or fails the 3-7-1 checksum.',
  },
  PAYOUT_E_INVALID_SORT_CODE: {
    httpStatus: 422,
    title: 'Invalid sort code',
    description: 'The UK sort code is not 6 digits (optionally written nn-nn-nn).',
  },

  // --- calendars ---
  PAYOUT_E_CALENDAR_NO_DATA: {
    httpStatus: 422,
    title: 'Calendar has no data for that year',
    description:
      'A business-day question was asked for a year the calendar has no holiday data for; the calendar fails closed. A payout whose next decision needs that day waits with this code until the year is imported and approved.',
  },
  PAYOUT_E_CALENDAR_IMPORT_INVALID: {
    httpStatus: 422,
    title: 'Calendar import file refused',
    description:
      'A calendar year file failed its checks (shape, dates outside the year, make-up days not on a weekend, dates listed twice, wrong weekdays); every problem is listed.',
  },
  PAYOUT_E_UNKNOWN_CALENDAR: {
    httpStatus: 422,
    title: 'Unknown calendar',
    description: 'The calendar id is not one of the calendars the product ships.',
  },
  PAYOUT_E_UNKNOWN_RAIL: {
    httpStatus: 422,
    title: 'Unknown payment rail',
    description: 'The rail id is not one of the payment rails the product has a profile for.',
  },

  // --- API / intake ---
  PAYOUT_E_VALIDATION: {
    httpStatus: 400,
    title: 'Request validation failed',
    description: 'The request body, query or headers do not match the schema.',
  },
  PAYOUT_E_IDEMPOTENCY_MISMATCH: {
    httpStatus: 422,
    title: 'Idempotency key reused with a different request',
    description: 'The idempotency key was already used by this client for a request with a different body.',
  },
  PAYOUT_E_IDEMPOTENCY_IN_PROGRESS: {
    httpStatus: 409,
    title: 'Request with this idempotency key in progress',
    description: 'An earlier request with the same idempotency key is still being processed.',
  },
  PAYOUT_E_UNKNOWN_CLIENT: {
    httpStatus: 422,
    title: 'Unknown client',
    description: 'A queued payout request names a client id that is not registered or is disabled.',
  },
  PAYOUT_E_NOT_FOUND: {
    httpStatus: 404,
    title: 'Not found',
    description: 'The requested resource does not exist or is not visible to the caller.',
  },
  PAYOUT_E_UNAUTHORIZED: {
    httpStatus: 401,
    title: 'Unauthorized',
    description: 'The request carries no valid credentials.',
  },
  PAYOUT_E_FORBIDDEN: {
    httpStatus: 403,
    title: 'Forbidden',
    description: 'The caller is authenticated but not allowed to perform this action.',
  },
  PAYOUT_E_CONFLICT: {
    httpStatus: 409,
    title: 'Conflict',
    description: 'The resource changed concurrently or is in a state that does not allow the action.',
  },
  PAYOUT_E_PAYLOAD_TOO_LARGE: {
    httpStatus: 413,
    title: 'Payload too large',
    description: 'The request body exceeds the configured size limit.',
  },
  PAYOUT_E_UNSUPPORTED_MEDIA_TYPE: {
    httpStatus: 415,
    title: 'Unsupported media type',
    description: 'The request Content-Type is not accepted by this endpoint.',
  },
  PAYOUT_E_MALFORMED_REQUEST: {
    httpStatus: 400,
    title: 'Malformed HTTP request',
    description:
      'The request is not valid HTTP (a control character or line break in a header, a conflicting or invalid Content-Length, a bad URL encoding); it was refused before it reached any route.',
  },
  PAYOUT_E_INVALID_ENCODING: {
    httpStatus: 400,
    title: 'Body is not valid UTF-8',
    description: 'The JSON body contains bytes that are not valid UTF-8; nothing was stored (text is never replaced with U+FFFD).',
  },
  PAYOUT_E_METHOD_NOT_ALLOWED: {
    httpStatus: 405,
    title: 'Method not allowed',
    description: 'The path exists but does not accept this HTTP method; the Allow header lists the ones it does.',
  },
  PAYOUT_E_REQUEST_TIMEOUT: {
    httpStatus: 408,
    title: 'Request timeout',
    description: "The request (headers and body) did not arrive completely within the server's time limit.",
  },
  PAYOUT_E_URI_TOO_LONG: {
    httpStatus: 414,
    title: 'URI too long',
    description: 'A path segment (an id) is longer than any id this API issues.',
  },
  PAYOUT_E_HEADERS_TOO_LARGE: {
    httpStatus: 431,
    title: 'Request headers too large',
    description: "The request line and headers together exceed the server's limit (16 KiB).",
  },
  PAYOUT_E_SHUTTING_DOWN: {
    httpStatus: 503,
    title: 'Server shutting down',
    description: 'This API instance is draining for a restart or deploy and takes no new requests; nothing was done.',
  },
  PAYOUT_E_UNKNOWN_FUNDING_ACCOUNT: {
    httpStatus: 422,
    title: 'Unknown funding account',
    description:
      'The request names a funding account that is not configured or not active (another currency is PAYOUT_E_CURRENCY_MISMATCH).',
  },

  // --- ops actions ---
  PAYOUT_E_OPS_ALREADY_SENT: {
    httpStatus: 409,
    title: 'An attempt was already sent',
    description: 'Cancel is only possible before any attempt of the payout was sent to a bank.',
  },
  PAYOUT_E_OPS_NOTHING_TO_POLL: {
    httpStatus: 409,
    title: 'Nothing to poll',
    description: 'Re-poll was asked for a payout that has no attempt awaiting a bank answer.',
  },
  PAYOUT_E_OPS_EVIDENCE_REQUIRED: {
    httpStatus: 422,
    title: 'Evidence required',
    description:
      'A force-resolve lacks the evidence it needs (failed while the bank may have executed needs statement evidence or an override reason).',
  },
  PAYOUT_E_OPS_SELF_APPROVAL: {
    httpStatus: 403,
    title: 'Proposer cannot approve',
    description: 'Maker-checker: the person who proposed a force-resolve cannot approve it; a second person must.',
  },
  PAYOUT_E_OPS_PROPOSAL_CLOSED: {
    httpStatus: 409,
    title: 'Proposal already decided',
    description: 'The proposal is no longer pending (approved, rejected, withdrawn or expired).',
  },
  PAYOUT_E_OPS_PROPOSAL_EXPIRED: {
    httpStatus: 409,
    title: 'Proposal expired',
    description: 'The force-resolve proposal passed its expiry time before it was approved.',
  },
  PAYOUT_E_OPS_CONFIRMATION_INVALID: {
    httpStatus: 422,
    title: 'Invalid confirmation token',
    description: 'A bulk action confirmation token is unknown, expired, already used or was issued to someone else or for another action.',
  },

  // --- statements ---
  PAYOUT_E_STATEMENT_MALFORMED: {
    httpStatus: 422,
    title: 'Malformed statement',
    description: 'The statement file could not be parsed in its declared format.',
  },
  PAYOUT_E_STATEMENT_UNKNOWN_FORMAT: {
    httpStatus: 422,
    title: 'Unknown statement format',
    description: 'The statement file is not in any supported format (camt.052/053/054, MT940/MT942, BAI2, configured CSV).',
  },
  PAYOUT_E_STATEMENT_BALANCE_MISMATCH: {
    httpStatus: 422,
    title: 'Statement balances do not add up',
    description: 'Opening balance plus entries does not equal the closing balance, or the opening does not equal the previous closing.',
  },
  PAYOUT_E_STATEMENT_CONTROL_TOTAL: {
    httpStatus: 422,
    title: 'Statement control totals do not add up',
    description: 'The file states its own number or sum of entries (MT942 :90D:/:90C:, camt TxsSummry) and the entries in it disagree.',
  },
  PAYOUT_E_STATEMENT_ENCODING: {
    httpStatus: 422,
    title: 'Statement bytes are not valid in their encoding',
    description:
      'A byte sequence of the statement file is not valid in the declared or detected character encoding (UTF-8, GB18030, Windows-1250, …).',
  },

  // --- ledger ---
  PAYOUT_E_LEDGER_UNBALANCED: {
    httpStatus: 500,
    title: 'Ledger posting does not balance',
    description:
      'A ledger posting was refused because its entries do not sum to zero in every currency, it has fewer than two entries, or an entry is zero; nothing was written.',
  },

  // --- infrastructure ---
  PAYOUT_E_BANK_UNAVAILABLE: {
    httpStatus: 503,
    title: 'Bank unavailable',
    description: 'The bank channel could not be reached or its circuit breaker is open; work is delayed, never failed.',
  },
  PAYOUT_E_DATABASE_UNAVAILABLE: {
    httpStatus: 503,
    title: 'Database unavailable',
    description:
      'The database could not be reached or the connection broke (restart, failover); nothing was accepted by this request. Retry after the Retry-After delay with the same Idempotency-Key.',
  },
  PAYOUT_E_BANK_INSTRUCTION_INVALID: {
    httpStatus: 422,
    title: 'Instruction cannot be sent to the bank',
    description:
      'The payment instruction violates the bank format (end-to-end id length or characters, amount, currency, batch size); it was not sent.',
  },
  PAYOUT_E_CONFIG_INVALID: {
    httpStatus: 500,
    title: 'Invalid configuration',
    description: 'The service configuration failed validation at start-up.',
  },
  PAYOUT_E_INTERNAL: {
    httpStatus: 500,
    title: 'Internal error',
    description: 'An unexpected error (a bug or an infrastructure failure).',
  },
} as const satisfies Readonly<Record<`PAYOUT_E_${string}`, ErrorCodeInfo>>;

export type ErrorCode = keyof typeof ERROR_CODES;

/** Narrow an arbitrary string (e.g. from JSON) to a registered code. */
export function isErrorCode(s: unknown): s is ErrorCode {
  return typeof s === 'string' && Object.hasOwn(ERROR_CODES, s);
}
