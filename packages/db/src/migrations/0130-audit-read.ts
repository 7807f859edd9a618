import { sql, type Kysely, type Migration } from 'kysely';

/**
 * Indexes for reading the audit log (issue 23, `GET /v1/ops/audit`): newest first by id,
 * narrowed by actor, action, target, outcome or time. The log stays append-only (the triggers
 * of 0001 are untouched); this only adds indexes.
 *
 * - actor, action and target lead an index with `id` second, so an exact filter walks the
 *   index backwards and stops after one page. Action and target use `text_pattern_ops`, so a
 *   prefix (`LIKE 'ops.calendar.%'`) uses them too whatever the database collation; btree
 *   `text_pattern_ops` serves `=` as well.
 * - refusals and errors are few among many applied rows: a partial index finds them without
 *   scanning the rest; the common outcomes are found quickly on the primary key.
 * - created_at for a time range far in the past (ids and created_at rise together, but
 *   created_at is the transaction's start, so it is not the sort key).
 *
 * The existing (target, created_at) index keeps serving a payout's timeline.
 */
export const auditReadSchema: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await sql`
      create index audit_log_actor_id_idx on audit_log (actor, id);
      create index audit_log_action_id_idx on audit_log (action text_pattern_ops, id);
      create index audit_log_target_id_idx on audit_log (target text_pattern_ops, id);
      create index audit_log_refusals_idx on audit_log (id) where outcome in ('refused', 'error');
      create index audit_log_created_at_idx on audit_log (created_at, id);
    `.execute(db);
  },
};
