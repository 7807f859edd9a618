import { sql, type Kysely, type Migration } from 'kysely';

/**
 * Parser warnings, stored with what they are about (issue 17): every leniency a statement parser
 * applies is a recorded warning (`StatementWarning {code, place, message}` in
 * @payout/statements), on a line or on its statement. Both columns hold the JSON array as the
 * parser gave it, and are null when there is none — the common case, so they cost nothing then.
 * Lines are written with COPY (packages/db/src/statements/insert-lines.ts): no default, no index.
 */
export const statementWarningsSchema: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await sql`
      alter table statement_lines add column warnings jsonb
        check (warnings is null or (jsonb_typeof(warnings) = 'array' and jsonb_array_length(warnings) > 0));
      alter table bank_statements add column warnings jsonb
        check (warnings is null or (jsonb_typeof(warnings) = 'array' and jsonb_array_length(warnings) > 0));
    `.execute(db);
  },
};
