// Public API of @payout/bank: the bank adapter port, outcomes, the resilience wrapper, the
// ISO 20022 and CN-JSON dialects and an in-memory fake. The contract test suite is exported
// separately from '@payout/bank/contract' (it imports vitest).
export {
  type PaymentInstruction,
  type BankBeneficiary,
  type QueryRef,
  assertValidInstruction,
  assertValidBatch,
  isValidEndToEndId,
} from './bank-instruction.ts';
export {
  type SubmitOutcome,
  type QueryOutcome,
  type StatementOutcome,
  type AcceptedOutcome,
  type PendingOutcome,
  type SucceededOutcome,
  type RejectedOutcome,
  type ReturnedOutcome,
  type NotFoundOutcome,
  type UnknownOutcome,
  type NotSentOutcome,
  type UnavailableOutcome,
  type UnknownCause,
  type UnavailableCause,
  type NotSentCause,
  isChannelFailure,
  unknownOutcome,
} from './bank-outcome.ts';
export type { BankAdapter } from './bank-adapter.port.ts';
export {
  BANK_DIALECTS,
  BANK_OPERATIONS,
  rateLimitFor,
  STATEMENT_FILE_ENCODINGS,
  type BankProfile,
  type BankDialect,
  type BankOperation,
  type OperatingHours,
  type PollScheduleHint,
  type StatementFormat,
  type StatementFileEncoding,
  type WallTime,
} from './profile/bank-profile.ts';
export { parseBankProfile, bankProfileToJson, type BankProfileJson } from './profile/bank-profile.schema.ts';
export { type BankLogger, silentLogger } from './bank-logger.port.ts';
export { type BankMetrics, type BreakerState, noopMetrics } from './bank-metrics.port.ts';
export { type FetchLike } from './http/http-exchange.ts';

// dialects
export { createIso20022Adapter, type Iso20022AdapterOptions } from './iso20022/iso20022.adapter.ts';
export { writePain001, PAIN001_NAMESPACE } from './iso20022/pain001.writer.ts';
export { readPain002, type Pain002Report, type Pain002Transaction } from './iso20022/pain002.reader.ts';
export { createCnJsonAdapter, type CnJsonAdapterOptions } from './cn/cn-json.adapter.ts';
export { cnStatusClass, mapCnErrorCode } from './cn/cn-codes.ts';
export { createBankAdapter, type BankAdapterEndpoints } from './create-bank-adapter.ts';
export {
  createFakeBank,
  type FakeBank,
  type FakeBankOptions,
  type FakeBehaviour,
  type FakeExecution,
  type FakeCall,
} from './fake/fake-bank.adapter.ts';
export { fakeBankProfile } from './fake/fake-profile.ts';

// resilience
export { createResilientBank, type ResilientBank, type ResilientBankDeps, type ResilienceOptions } from './resilience/resilient-bank.ts';
export { DEFAULT_BREAKER_OPTIONS, type BreakerOptions } from './resilience/channel-breaker.ts';
export { type RateLimiter, type RateDecision, type RatePermit } from './resilience/rate-limiter.port.ts';
export { createRedisRateLimiter, type RedisRateLimiterOptions } from './resilience/redis-rate-limiter.ts';
export { createInMemoryRateLimiter } from './resilience/in-memory-rate-limiter.ts';
export { type BreakerCoordinator, type BreakerChange } from './resilience/breaker-coordinator.port.ts';
export { createRedisBreakerCoordinator, type RedisBreakerCoordinatorOptions } from './resilience/redis-breaker-coordinator.ts';
export {
  createInMemoryBreakerCoordinator,
  createInMemoryBreakerHub,
  type InMemoryBreakerHub,
} from './resilience/in-memory-breaker-coordinator.ts';
export { operatingHoursGate, type OperatingHoursGate, type HoursDecision } from './resilience/operating-hours.ts';
export { calendarGapOf, type CalendarGap } from '@payout/calendar';
