/**
 * The one list of paths every service's pino logger censors (`redact.paths`), with the one
 * censor text. Code never logs request bodies and logs account numbers masked (maskAccount);
 * this is the net under those rules: credentials in headers and config, account numbers and
 * keys up to a few levels deep. Add a path here and every logger (api, workers, bank-sim)
 * censors it; test/e2e/src/logging/log-redaction.test.ts logs each path through each logger.
 *
 * @example
 *   pino({ redact: { paths: [...LOG_REDACT_PATHS], censor: LOG_REDACT_CENSOR } })
 */
export const LOG_REDACT_PATHS: readonly string[] = Object.freeze([
  // credentials in HTTP headers (Fastify's req serializer, and headers logged on their own)
  'req.headers.authorization',
  'req.headers["x-api-key"]',
  'req.headers.cookie',
  'headers.authorization',
  'headers["x-api-key"]',
  '*.headers.authorization',
  'authorization',
  '*.authorization',
  // keys, passwords and connection strings
  'apiKey',
  '*.apiKey',
  'key',
  '*.key',
  'password',
  '*.password',
  'databaseUrl',
  'redisUrl',
  // account numbers
  'accountNumber',
  '*.accountNumber',
  '*.*.accountNumber',
  '*.*.*.accountNumber',
  'beneficiary.account',
  'debtorAccount',
  '*.debtorAccount',
]);

/** What a censored value reads as in the logs. */
export const LOG_REDACT_CENSOR = '[redacted]';
