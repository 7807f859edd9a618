import type { Money } from '@payout/domain';
import type { CalendarId, RailId } from '@payout/calendar';
import { STATEMENT_ENCODINGS, type StatementEncoding } from '@payout/statements';

/** The wire dialects this package speaks. `fake` is the in-memory test double. */
export const BANK_DIALECTS = ['iso20022', 'cn-json', 'fake'] as const;
export type BankDialect = (typeof BANK_DIALECTS)[number];

/** Operations that break and are rate-limited independently. */
export const BANK_OPERATIONS = ['submit', 'query', 'statement'] as const;
export type BankOperation = (typeof BANK_OPERATIONS)[number];

export type StatementFormat = 'camt.053' | 'csv';

/** Character encodings a bank's statement files may be in: exactly the ones `@payout/statements` decodes. */
export const STATEMENT_FILE_ENCODINGS = STATEMENT_ENCODINGS;
export type StatementFileEncoding = StatementEncoding;

/** 'HH:MM', 24-hour, in the bank's time zone. */
export type WallTime = string;

/**
 * When the bank takes submissions. `rail` defers to the rail's hours in @payout/calendar
 * (e.g. CN HVPS 20:30 previous day – 17:15 on working days); `always` is a 24×7 channel.
 */
export type OperatingHours =
  | { readonly kind: 'rail' }
  | { readonly kind: 'always' }
  | { readonly kind: 'daily'; readonly open: WallTime; readonly close: WallTime; readonly businessDaysOnly: boolean };

/**
 * Hints for the poll scheduler. `stepsMs` are the gaps between status queries (HVPS-like:
 * 10 s, 30 s, 1 min, 2 min, 5 min …); `settlementWindows` are local times after which a
 * batch rail (ACH-like) has news, so polling aligns to them instead of a fixed cadence.
 */
export interface PollScheduleHint {
  readonly stepsMs: readonly number[];
  readonly settlementWindows: readonly WallTime[];
  /** Stop polling after this long and wait for the next-day statement. */
  readonly budgetMs: number;
}

/**
 * What a bank channel declares about itself. Workers route, schedule and limit by it; the
 * adapter only talks. Amounts are Money (bigint minor units).
 *
 * @example
 *   const profile: BankProfile = {
 *     bankId: 'cn-icbc', name: 'ICBC 代发', dialect: 'cn-json', rail: 'CN_HVPS', calendar: 'CN',
 *     timeZone: 'Asia/Shanghai', currency: 'CNY', operatingHours: { kind: 'rail' },
 *     cutoffs: { submit: '17:00', funding: '16:00' },
 *     limits: { perPayout: money(5_000_000_00n, 'CNY'), perDay: money(500_000_000_00n, 'CNY') },
 *     statementTime: '10:00', statementFormat: 'csv', notFoundMeansProcessing: true,
 *     rejectsDuplicateEndToEndId: true, rateLimits: { queryPerSecond: 30 },
 *     pollSchedule: { stepsMs: [10_000, 30_000, 60_000, 120_000, 300_000], settlementWindows: [], budgetMs: 900_000 },
 *     supportsBatchSubmit: false, maxBatchSize: 1, supportsBatchQuery: true, maxQueryBatchSize: 50,
 *   };
 */
export interface BankProfile {
  readonly bankId: string;
  readonly name: string;
  readonly dialect: BankDialect;
  readonly rail: RailId;
  readonly calendar: CalendarId;
  readonly timeZone: string;
  /** The one currency this channel carries. */
  readonly currency: string;
  readonly operatingHours: OperatingHours;
  /** Bank-internal cut-offs (local time): last submission for same-day execution; last funding transfer. */
  readonly cutoffs: { readonly submit: WallTime; readonly funding: WallTime };
  readonly limits: { readonly perPayout: Money; readonly perDay: Money };
  /** Local time on the next business day from which a day's statement is available. */
  readonly statementTime: WallTime;
  readonly statementFormat: StatementFormat;
  /**
   * The encoding of the bank's statement files when it is not UTF-8 (a CN portal's GBK export:
   * 'gb18030'; a PL bank's MT940: 'windows-1250'). Statement parsing uses it below a byte order
   * mark, an explicit encoding and a CSV mapping's, above an XML declaration. Absent: UTF-8.
   */
  readonly statementEncoding?: StatementFileEncoding | undefined;
  /** True when a query's "not found" may mean "received, still processing" (回盘 semantics). */
  readonly notFoundMeansProcessing: boolean;
  /** True when the bank refuses a reused end-to-end id; false for the dangerous bank that executes it again. */
  readonly rejectsDuplicateEndToEndId: boolean;
  /** Calls per second the bank allows, across all our processes. */
  readonly rateLimits: {
    readonly queryPerSecond: number;
    readonly submitPerSecond?: number | undefined;
    readonly statementPerSecond?: number | undefined;
  };
  readonly pollSchedule: PollScheduleHint;
  readonly supportsBatchSubmit: boolean;
  /** Most instructions in one submission (1 when batches are not supported). */
  readonly maxBatchSize: number;
  readonly supportsBatchQuery: boolean;
  readonly maxQueryBatchSize: number;
}

/** Calls per second for an operation, or undefined when the bank sets no limit for it. */
export function rateLimitFor(profile: BankProfile, operation: BankOperation): number | undefined {
  switch (operation) {
    case 'query':
      return profile.rateLimits.queryPerSecond;
    case 'submit':
      return profile.rateLimits.submitPerSecond;
    case 'statement':
      return profile.rateLimits.statementPerSecond;
  }
}
