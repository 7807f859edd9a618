import {
  getPayoutDetail,
  isPayoutId,
  listBankExchanges,
  listOpsAudit,
  listProposals,
  listStatementEvidence,
  loadOpsPayout,
} from '@payout/db';
import { maskAccount } from '@payout/domain';
import type { OpsDeps } from '../ops-deps.ts';
import { effectiveProposalStatus } from '../policy/proposal.policy.ts';

export const TIMELINE_KINDS = [
  'event',
  'attempt',
  'bank_request',
  'statement_line',
  'verification',
  'ledger_posting',
  'proposal',
  'ops_action',
] as const;
export type TimelineKind = (typeof TIMELINE_KINDS)[number];

/** One line of a payout's story. `data` never holds a full account number. */
export interface TimelineEntry {
  readonly at: Date;
  readonly kind: TimelineKind;
  readonly summary: string;
  readonly data: Readonly<Record<string, unknown>>;
}

export interface PayoutTimeline {
  readonly payout: Readonly<Record<string, unknown>>;
  readonly attempts: readonly Readonly<Record<string, unknown>>[];
  readonly entries: readonly TimelineEntry[];
  /** What the timeline could not include, and why (e.g. no ledger store configured). */
  readonly notes: readonly string[];
}

// Same instant: the cause before its effects.
const ORDER: Readonly<Record<TimelineKind, number>> = {
  ops_action: 0,
  proposal: 1,
  attempt: 2,
  bank_request: 3,
  event: 4,
  ledger_posting: 5,
  statement_line: 6,
  verification: 7,
};

/**
 * Everything known about one payout, in time order: its events, attempts, every bank request
 * and answer (masked), ledger postings, statement lines and verification decisions, proposals
 * and every ops action on it (applied and refused).
 */
export async function payoutTimeline(deps: OpsDeps, payoutId: string): Promise<PayoutTimeline | undefined> {
  if (!isPayoutId(payoutId)) return undefined;
  const limit = deps.settings.timelineLimit;
  const [detail, ops] = await Promise.all([getPayoutDetail(deps.db, payoutId), loadOpsPayout(deps.db, payoutId)]);
  if (detail === undefined || ops === undefined) return undefined;
  const p = detail.payout;
  const e2e = detail.attempts.map((a) => a.endToEndId);
  const [exchanges, evidence, proposals, postings] = await Promise.all([
    listBankExchanges(deps.db, { payoutId, endToEndIds: e2e, limit }),
    listStatementEvidence(deps.db, { payoutId, endToEndIds: e2e, limit }),
    listProposals(deps.db, { payoutId, limit }),
    deps.ledgerReader?.postingsForPayout(deps.db, payoutId),
  ]);
  const audit = await listOpsAudit(deps.db, [`payout:${payoutId}`, ...proposals.map((x) => `proposal:${x.id}`)]);
  const now = deps.clock();
  const notes: string[] = [];
  if (postings === undefined) notes.push('ledger postings: no ledger store is configured for this API');

  const entries: TimelineEntry[] = [];
  for (const ev of detail.events) {
    const move =
      ev.fromStatus !== null && ev.toStatus !== null && ev.fromStatus !== ev.toStatus ? ` ${ev.fromStatus} → ${ev.toStatus}` : '';
    entries.push({
      at: ev.createdAt,
      kind: 'event',
      summary: `${ev.type}${move} by ${ev.actor}`,
      data: {
        seq: ev.seq,
        eventId: ev.eventId,
        type: ev.type,
        fromStatus: ev.fromStatus,
        toStatus: ev.toStatus,
        actor: ev.actor,
        data: ev.data,
      },
    });
  }
  for (const a of detail.attempts) {
    entries.push({
      at: a.sentAt ?? a.createdAt,
      kind: 'attempt',
      summary: `attempt #${a.attemptNo} at ${a.channelId} (${a.endToEndId}), now ${a.state}`,
      data: {
        attemptNo: a.attemptNo,
        channelId: a.channelId,
        endToEndId: a.endToEndId,
        state: a.state,
        statusCode: a.statusCode,
        reasonCode: a.reasonCode,
        bankReference: a.bankReference,
      },
    });
  }
  for (const x of exchanges) {
    entries.push({
      at: x.startedAt,
      kind: 'bank_request',
      summary: `${x.operation} to ${x.bankId}: ${x.outcome} in ${x.durationMs} ms`,
      data: {
        bankId: x.bankId,
        operation: x.operation,
        endToEndIds: x.endToEndIds,
        request: x.request,
        response: x.response,
        outcome: x.outcome,
        durationMs: x.durationMs,
      },
    });
  }
  for (const l of evidence.lines) {
    entries.push({
      at: l.ingestedAt,
      kind: 'statement_line',
      summary: `statement ${l.statementId} (${l.statementDate}): ${l.status} ${l.direction}${l.isReturn ? ' return' : ''} ${l.amountMinor} ${l.currency}`,
      data: { ...l, amountMinor: l.amountMinor.toString() },
    });
  }
  for (const v of evidence.verifications) {
    entries.push({ at: v.createdAt, kind: 'verification', summary: `statement check: ${v.outcome} — ${v.reason}`, data: { ...v } });
  }
  for (const post of postings ?? []) {
    entries.push({
      at: post.at,
      kind: 'ledger_posting',
      summary: `ledger ${post.step}${post.attempt === null ? '' : ` (attempt #${post.attempt})`}`,
      data: {
        id: post.id,
        step: post.step,
        attempt: post.attempt,
        entries: post.entries.map((e) => ({ ...e, amountMinor: e.amountMinor.toString() })),
      },
    });
  }
  for (const pr of proposals) {
    const status = effectiveProposalStatus(pr, now);
    entries.push({
      at: pr.createdAt,
      kind: 'proposal',
      summary: `force-resolve to ${pr.targetStatus} proposed by ${pr.proposedBy}: ${status}${pr.decidedBy === null ? '' : ` by ${pr.decidedBy}`}`,
      data: { ...pr, status },
    });
  }
  for (const r of audit) {
    entries.push({
      at: r.createdAt,
      kind: 'ops_action',
      summary: `${r.action} by ${r.actor} (${r.role}): ${r.outcome}${r.reason === null ? '' : ` — ${r.reason}`}`,
      data: {
        id: r.id.toString(),
        actor: r.actor,
        role: r.role,
        action: r.action,
        target: r.target,
        outcome: r.outcome,
        reason: r.reason,
        before: r.before,
        after: r.after,
        requestId: r.requestId,
      },
    });
  }
  entries.sort((a, b) => a.at.getTime() - b.at.getTime() || ORDER[a.kind] - ORDER[b.kind]);

  return {
    payout: {
      id: p.id,
      clientId: p.clientId,
      status: p.status,
      statusReason: p.statusReason,
      statusChangedAt: ops.statusChangedAt,
      amountMinor: p.amountMinor.toString(),
      currency: p.currency,
      fundingAccount: p.fundingAccount,
      beneficiary: {
        name: p.beneficiary.name,
        scheme: p.beneficiary.scheme,
        accountNumber: maskAccount(p.beneficiary.accountNumber),
        bankCode: p.beneficiary.bankCode ?? null,
      },
      nextAction: p.nextAction,
      nextActionAt: p.nextActionAt,
      version: p.version,
      createdAt: p.createdAt,
    },
    attempts: detail.attempts.map((a) => ({
      id: a.id,
      attemptNo: a.attemptNo,
      channelId: a.channelId,
      endToEndId: a.endToEndId,
      state: a.state,
      statusCode: a.statusCode,
      reasonCode: a.reasonCode,
      bankReference: a.bankReference,
      sentAt: a.sentAt,
      answeredAt: a.answeredAt,
    })),
    entries,
    notes,
  };
}
