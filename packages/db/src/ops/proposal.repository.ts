import { sql, type Selectable } from 'kysely';
import type { Db } from '../database.ts';
import { jsonParam } from '../support/json-param.ts';
import { uuidv7 } from '../support/uuid-v7.ts';
import type { OpsProposalsTable } from '../schema/ops.tables.ts';

export type ProposalStatusValue = OpsProposalsTable['status'];

export interface ProposalRecord {
  readonly id: string;
  readonly payoutId: string;
  readonly action: 'force_resolve';
  readonly targetStatus: 'succeeded' | 'failed';
  readonly reason: string;
  readonly overrideReason: string | null;
  readonly evidence: readonly unknown[];
  readonly payoutStatusAtProposal: string;
  readonly payoutVersionAtProposal: number;
  readonly status: ProposalStatusValue;
  readonly proposedBy: string;
  readonly proposedRole: string;
  readonly proposedRequestId: string | null;
  readonly createdAt: Date;
  readonly expiresAt: Date;
  readonly decidedBy: string | null;
  readonly decidedRole: string | null;
  readonly decidedAt: Date | null;
  readonly decisionReason: string | null;
}

export interface NewProposal {
  readonly payoutId: string;
  readonly targetStatus: 'succeeded' | 'failed';
  readonly reason: string;
  readonly overrideReason: string | null;
  readonly evidence: readonly unknown[];
  readonly payoutStatusAtProposal: string;
  readonly payoutVersionAtProposal: number;
  readonly proposedBy: string;
  readonly proposedRole: string;
  readonly requestId: string;
  readonly createdAt: Date;
  readonly expiresAt: Date;
}

type ProposalRow = Selectable<OpsProposalsTable>;

function fromRow(r: ProposalRow): ProposalRecord {
  return {
    id: r.id,
    payoutId: r.payout_id,
    action: r.action,
    targetStatus: r.target_status,
    reason: r.reason,
    overrideReason: r.override_reason,
    evidence: r.evidence,
    payoutStatusAtProposal: r.payout_status_at_proposal,
    payoutVersionAtProposal: r.payout_version_at_proposal,
    status: r.status,
    proposedBy: r.proposed_by,
    proposedRole: r.proposed_role,
    proposedRequestId: r.proposed_request_id,
    createdAt: r.created_at,
    expiresAt: r.expires_at,
    decidedBy: r.decided_by,
    decidedRole: r.decided_role,
    decidedAt: r.decided_at,
    decisionReason: r.decision_reason,
  };
}

/**
 * Marks the payout's pending proposals whose time is up as expired (so the one-pending index
 * admits a new one). `now` is the service clock, so tests control expiry.
 */
export async function expireProposals(db: Db, payoutId: string, now: Date): Promise<number> {
  const r = await db
    .updateTable('ops_proposals')
    .set({ status: 'expired', decided_at: now })
    .where('payout_id', '=', payoutId)
    .where('status', '=', 'pending')
    .where('expires_at', '<=', now)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/**
 * Inserts a pending proposal. Returns undefined when the payout already has a pending
 * proposal (the partial unique index decides, so two racing proposers cannot both win).
 */
export async function insertProposal(db: Db, p: NewProposal): Promise<ProposalRecord | undefined> {
  const row = await db
    .insertInto('ops_proposals')
    .values({
      id: uuidv7(p.createdAt.getTime()),
      payout_id: p.payoutId,
      action: 'force_resolve',
      target_status: p.targetStatus,
      reason: p.reason,
      override_reason: p.overrideReason,
      evidence: jsonParam(p.evidence),
      payout_status_at_proposal: p.payoutStatusAtProposal,
      payout_version_at_proposal: p.payoutVersionAtProposal,
      status: 'pending',
      proposed_by: p.proposedBy,
      proposed_role: p.proposedRole,
      proposed_request_id: p.requestId,
      created_at: p.createdAt,
      expires_at: p.expiresAt,
    })
    // The partial unique index ops_proposals_one_pending_idx (a literal predicate: Postgres infers the index before binding).
    .onConflict((oc) => oc.column('payout_id').where('status', '=', sql.lit('pending')).doNothing())
    .returningAll()
    .executeTakeFirst();
  return row === undefined ? undefined : fromRow(row);
}

export async function getProposal(db: Db, id: string): Promise<ProposalRecord | undefined> {
  const row = await db.selectFrom('ops_proposals').selectAll().where('id', '=', id).executeTakeFirst();
  return row === undefined ? undefined : fromRow(row);
}

export async function listProposals(
  db: Db,
  q: { readonly payoutId?: string | undefined; readonly status?: ProposalStatusValue | undefined; readonly limit: number },
): Promise<ProposalRecord[]> {
  let query = db.selectFrom('ops_proposals').selectAll();
  if (q.payoutId !== undefined) query = query.where('payout_id', '=', q.payoutId);
  if (q.status !== undefined) query = query.where('status', '=', q.status);
  const rows = await query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(q.limit).execute();
  return rows.map(fromRow);
}

export interface ProposalDecisionWrite {
  readonly id: string;
  readonly status: 'approved' | 'rejected' | 'withdrawn';
  readonly decidedBy: string;
  readonly decidedRole: string;
  readonly decidedAt: Date;
  readonly decisionReason: string | null;
  readonly requestId: string;
}

/**
 * Records a decision on a pending proposal, guarded by `status = 'pending'` (and, for an
 * approval, by expiry): false when someone else decided first or it expired. The database
 * refuses an approval by the proposer (CHECK ops_proposals_second_person).
 */
export async function decideProposal(db: Db, d: ProposalDecisionWrite): Promise<ProposalRecord | undefined> {
  let update = db
    .updateTable('ops_proposals')
    .set({
      status: d.status,
      decided_by: d.decidedBy,
      decided_role: d.decidedRole,
      decided_at: d.decidedAt,
      decision_reason: d.decisionReason,
      decided_request_id: d.requestId,
    })
    .where('id', '=', d.id)
    .where('status', '=', 'pending');
  // An expired proposal can still be rejected or withdrawn, never approved.
  if (d.status === 'approved') update = update.where('expires_at', '>', d.decidedAt);
  const row = await update.returningAll().executeTakeFirst();
  return row === undefined ? undefined : fromRow(row);
}
