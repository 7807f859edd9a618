import type { Migration } from 'kysely';
import { initialSchema } from './0001-initial-schema.ts';
import { lifecycleSchema } from './0050-lifecycle.ts';
import { opsSchema } from './0080-ops.ts';
import { statementsSchema } from './0090-statements.ts';
import { ledgerSchema } from './0100-ledger.ts';
import { calendarYearsSchema } from './0110-calendar-years.ts';
import { auditReadSchema } from './0130-audit-read.ts';
import { fundingAccountOptional } from './0140-funding-account-optional.ts';
import { statementWarningsSchema } from './0150-statement-warnings.ts';

/**
 * Every migration, in order. Forward-only: a released migration is never edited or removed;
 * changes come as a new entry. Names sort lexically in application order. The key is the name
 * recorded in kysely_migration: it never changes, even when the file that holds the migration
 * moves (0080 and 0110 lived beside their repositories until issue 15).
 */
export const MIGRATIONS: Readonly<Record<string, Migration>> = Object.freeze({
  '0001_initial_schema': initialSchema,
  // 0050: the payout lifecycle (issue 7); 0002–0049 stay free for the persistence layer.
  '0050_lifecycle': lifecycleSchema,
  // 0080: ops — stuck ages, maker-checker proposals, bulk previews, bank request/answer log (issue 10).
  '0080_ops': opsSchema,
  // 0090: statements and next-day verification (issue 8).
  '0090_statements': statementsSchema,
  // 0100: the ledger (append-only, balanced per currency at commit), funding accounts, recorded plans (issue 9).
  '0100_ledger': ledgerSchema,
  // 0110: imported calendar years with maker-checker, and ops alerts (issue 14).
  '0110_calendar_years': calendarYearsSchema,
  // 0130: indexes for reading the audit log by actor, action, target, outcome and time (issue 23).
  '0130_audit_read': auditReadSchema,
  // 0140: payouts.funding_account optional — null lets routing choose (issue 23, ADR 0017).
  '0140_funding_account_optional': fundingAccountOptional,
  // 0150: parser warnings on statement lines and statements, null when none (issue 17).
  '0150_statement_warnings': statementWarningsSchema,
});
