import { createHash, randomBytes } from 'node:crypto';
import {
  appendAuditEntries,
  consumeBulkPreview,
  insertBulkPreview,
  listStuckPayouts,
  loadOpsPayouts,
  writeLifecycleBatch,
  type Db,
  type NewAuditEntry,
} from '@payout/db';
import { type PayoutUpdate } from '@payout/lifecycle';
import { isPayoutError, type ErrorCode } from '@payout/domain';
import type { OpsDeps } from '../ops-deps.ts';
import { failOutcome, okOutcome, opsActorName, type OpsOutcome, type OpsRequestContext } from '../ops-context.ts';
import { roleMayPerform, rolesFor } from '../policy/ops-role.ts';
import { filterToJson, type StuckFilter } from '../policy/stuck-filter.ts';
import { planPayoutAction, type PayoutAction } from './action-plans.ts';
import { auditEntry, auditRefusal, payoutSnapshot } from './ops-audit.ts';
import { wake } from './payout-actions.service.ts';
import { stuckQueryOf } from './stuck.service.ts';

const TOKEN_PREFIX = 'opsbulk_';
const SAMPLE = 50;
/** Payouts written per transaction when executing; a conflict in a chunk retries its payouts one by one. */
const CHUNK = 200;

export interface RefusalCount {
  readonly code: ErrorCode;
  readonly count: number;
  readonly sample: readonly { readonly payoutId: string; readonly message: string }[];
}

export interface BulkPreview {
  readonly previewId: string;
  /** Shown once; send it back to execute. Only its hash is stored. */
  readonly confirmationToken: string;
  readonly expiresAt: Date;
  readonly action: PayoutAction;
  readonly filter: Record<string, unknown>;
  readonly matched: number;
  readonly wouldApply: number;
  readonly wouldApplyByCurrency: readonly { readonly currency: string; readonly count: number; readonly amountMinor: bigint }[];
  readonly changes: readonly { readonly payoutId: string; readonly from: string; readonly to: string }[];
  readonly wouldRefuse: readonly RefusalCount[];
}

export interface BulkExecution {
  readonly previewId: string;
  readonly action: PayoutAction;
  readonly applied: number;
  readonly refused: readonly RefusalCount[];
}

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

function countRefusals(list: readonly { payoutId: string; code: ErrorCode; message: string }[]): RefusalCount[] {
  const by = new Map<ErrorCode, { count: number; sample: { payoutId: string; message: string }[] }>();
  for (const r of list) {
    const e = by.get(r.code) ?? { count: 0, sample: [] };
    e.count += 1;
    if (e.sample.length < SAMPLE) e.sample.push({ payoutId: r.payoutId, message: r.message });
    by.set(r.code, e);
  }
  return [...by.entries()].map(([code, e]) => ({ code, count: e.count, sample: e.sample }));
}

function checkRole(ctx: OpsRequestContext, action: PayoutAction): { code: ErrorCode; message: string } | undefined {
  if (roleMayPerform(ctx.who.role, 'bulk_preview') && roleMayPerform(ctx.who.role, action)) return undefined;
  return {
    code: 'PAYOUT_E_FORBIDDEN',
    message: `${ctx.who.actor} has role ${ctx.who.role}; bulk ${action} needs ${rolesFor(action).join(' or ')}`,
  };
}

/**
 * Dry run: which payouts the filter selects now, what the action would do to each (the same
 * policy as for one payout), and a single-use confirmation token bound to this person, this
 * action and exactly these payouts. Nothing changes.
 */
export async function previewBulk(
  deps: OpsDeps,
  ctx: OpsRequestContext,
  action: PayoutAction,
  filter: StuckFilter,
  reasonIn: string,
): Promise<OpsOutcome<BulkPreview>> {
  const reason = reasonIn.trim();
  const filterJson = filterToJson(filter);
  const refuse = async (code: ErrorCode, message: string): Promise<OpsOutcome<BulkPreview>> => {
    await auditRefusal(
      deps.db,
      ctx,
      'ops.bulk.preview',
      `bulk:${action}`,
      { code, message },
      { reason: reason || null, before: { filter: filterJson } },
    );
    return failOutcome(code, message);
  };
  const forbidden = checkRole(ctx, action);
  if (forbidden !== undefined) return refuse(forbidden.code, forbidden.message);
  if (reason === '') return refuse('PAYOUT_E_VALIDATION', `bulk ${action} needs a reason`);

  const now = deps.clock();
  const max = deps.settings.maxBulkPayouts;
  const matched = await listStuckPayouts(deps.db, stuckQueryOf(filter, now, deps.settings.stuckThresholds), { limit: max + 1 });
  if (matched.length > max)
    return refuse('PAYOUT_E_VALIDATION', `the filter selects more than ${max} payouts; narrow it (state, bank, client, age, amount)`);

  const loaded = await loadOpsPayouts(
    deps.db,
    matched.map((m) => m.id),
  );
  const changes: { payoutId: string; from: string; to: string }[] = [];
  const refusals: { payoutId: string; code: ErrorCode; message: string }[] = [];
  const byCurrency = new Map<string, { count: number; amountMinor: bigint }>();
  for (const m of matched) {
    const p = loaded.get(m.id);
    if (p === undefined) continue;
    const d = planPayoutAction(action, p, { who: ctx.who, reason, requestId: ctx.requestId, now, maxAttempts: deps.settings.maxAttempts });
    if (!d.ok) {
      refusals.push({ payoutId: m.id, code: d.code, message: d.message });
      continue;
    }
    changes.push({ payoutId: m.id, from: p.payout.status, to: d.plan.update.status });
    const c = byCurrency.get(p.payout.currency) ?? { count: 0, amountMinor: 0n };
    byCurrency.set(p.payout.currency, { count: c.count + 1, amountMinor: c.amountMinor + p.payout.amountMinor });
  }
  const token = `${TOKEN_PREFIX}${randomBytes(24).toString('base64url')}`;
  const wouldApplyByCurrency = [...byCurrency.entries()]
    .map(([currency, c]) => ({ currency, ...c }))
    .sort((a, b) => a.currency.localeCompare(b.currency));
  const wouldRefuse = countRefusals(refusals);
  const summary = {
    matched: matched.length,
    wouldApply: changes.length,
    wouldApplyByCurrency,
    wouldRefuse: wouldRefuse.map((r) => ({ code: r.code, count: r.count })),
  };
  const expiresAt = new Date(now.getTime() + deps.settings.bulkTokenTtlMs);
  const preview = await deps.db.transaction().execute(async (tx) => {
    const stored = await insertBulkPreview(tx, {
      tokenHash: hashToken(token),
      action,
      filter: filterJson,
      payoutIds: changes.map((c) => c.payoutId),
      summary,
      createdBy: ctx.who.actor,
      createdRole: ctx.who.role,
      requestId: ctx.requestId,
      createdAt: now,
      expiresAt,
    });
    await appendAuditEntries(tx, [
      auditEntry(ctx, 'ops.bulk.preview', `bulk:${stored.id}`, 'previewed', {
        reason,
        before: { filter: filterJson, action },
        after: summary,
      }),
    ]);
    return stored;
  });
  return okOutcome({
    previewId: preview.id,
    confirmationToken: token,
    expiresAt,
    action,
    filter: filterJson,
    matched: matched.length,
    wouldApply: changes.length,
    wouldApplyByCurrency,
    changes: changes.slice(0, SAMPLE),
    wouldRefuse,
  });
}

/**
 * Executes a previewed bulk action with its confirmation token (once, by the person who ran
 * the dry run, before it expires). Each payout is decided again on its current state: one
 * that moved since the preview is refused for itself, never overwritten. Every payout gets
 * its own audit row (applied or refused), the bulk gets a summary row.
 */
export async function executeBulk(
  deps: OpsDeps,
  ctx: OpsRequestContext,
  action: PayoutAction,
  token: string,
  reasonIn: string,
): Promise<OpsOutcome<BulkExecution>> {
  const reason = reasonIn.trim();
  const refuse = async (code: ErrorCode, message: string, target = `bulk:${action}`): Promise<OpsOutcome<BulkExecution>> => {
    await auditRefusal(deps.db, ctx, 'ops.bulk.execute', target, { code, message }, { reason: reason || null });
    return failOutcome(code, message);
  };
  const forbidden = checkRole(ctx, action);
  if (forbidden !== undefined) return refuse(forbidden.code, forbidden.message);
  if (reason === '') return refuse('PAYOUT_E_VALIDATION', `bulk ${action} needs a reason`);
  const now = deps.clock();
  const consumed = await consumeBulkPreview(deps.db, {
    tokenHash: hashToken(token),
    action,
    actor: ctx.who.actor,
    now,
    requestId: ctx.requestId,
  });
  if (consumed.kind !== 'consumed') {
    const why = {
      unknown: 'this confirmation token was never issued',
      used: 'this confirmation token was already used',
      expired: 'this confirmation token expired',
      not_yours: 'this confirmation token was issued to someone else',
      wrong_action: `this confirmation token was issued for another action, not ${action}`,
    }[consumed.kind];
    return refuse(
      'PAYOUT_E_OPS_CONFIRMATION_INVALID',
      `${why}; run the dry run again`,
      consumed.kind === 'unknown' ? `bulk:${action}` : `bulk:${consumed.preview.id}`,
    );
  }
  const preview = consumed.preview;
  const applied: { payoutId: string; version: number }[] = [];
  const refusals: { payoutId: string; code: ErrorCode; message: string }[] = [];
  const ids = [...preview.payoutIds];
  for (let i = 0; i < ids.length; i += CHUNK) {
    const chunk = ids.slice(i, i + CHUNK);
    const r = await runChunk(deps, ctx, action, reason, preview.id, chunk, now).catch(async (err: unknown) => {
      if (!(isPayoutError(err) && err.code === 'PAYOUT_E_CONFLICT')) throw err;
      // Someone moved one of these meanwhile: decide each one alone so the others still apply.
      const one = { applied: [] as typeof applied, refused: [] as typeof refusals };
      for (const id of chunk) {
        const single = await runChunk(deps, ctx, action, reason, preview.id, [id], now).catch(async (e: unknown) => {
          if (!(isPayoutError(e) && e.code === 'PAYOUT_E_CONFLICT')) throw e;
          const refusal = {
            payoutId: id,
            code: 'PAYOUT_E_CONFLICT' as const,
            message: 'the payout changed while the bulk action ran; reload it and decide again',
          };
          await auditRefusal(deps.db, ctx, `ops.${action}`, `payout:${id}`, refusal, { reason });
          return { applied: [], refused: [refusal] };
        });
        one.applied.push(...single.applied);
        one.refused.push(...single.refused);
      }
      return one;
    });
    applied.push(...r.applied);
    refusals.push(...r.refused);
  }
  const refused = countRefusals(refusals);
  await appendAuditEntries(deps.db, [
    auditEntry(ctx, 'ops.bulk.execute', `bulk:${preview.id}`, 'applied', {
      reason,
      before: { filter: preview.filter, previewed: preview.payoutIds.length },
      after: { applied: applied.length, refused: refused.map((r) => ({ code: r.code, count: r.count })) },
    }),
  ]);
  await wake(deps, action === 'repoll' ? 'poll' : action === 'retry' ? 'submit' : undefined, applied);
  return okOutcome({ previewId: preview.id, action, applied: applied.length, refused });
}

/** One transaction: decide each payout again, write the allowed ones and an audit row for every payout. */
async function runChunk(
  deps: OpsDeps,
  ctx: OpsRequestContext,
  action: PayoutAction,
  reason: string,
  previewId: string,
  ids: readonly string[],
  now: Date,
): Promise<{ applied: { payoutId: string; version: number }[]; refused: { payoutId: string; code: ErrorCode; message: string }[] }> {
  return deps.db.transaction().execute(async (tx: Db) => {
    const loaded = await loadOpsPayouts(tx, ids);
    const updates: PayoutUpdate[] = [];
    const audit: NewAuditEntry[] = [];
    const applied: { payoutId: string; version: number }[] = [];
    const refused: { payoutId: string; code: ErrorCode; message: string }[] = [];
    for (const id of ids) {
      const p = loaded.get(id);
      if (p === undefined) {
        refused.push({ payoutId: id, code: 'PAYOUT_E_NOT_FOUND', message: `no payout ${id}` });
        audit.push(
          auditEntry(ctx, `ops.${action}`, `payout:${id}`, 'refused', {
            reason,
            after: { refused: 'PAYOUT_E_NOT_FOUND', bulk: previewId },
          }),
        );
        continue;
      }
      const d = planPayoutAction(action, p, {
        who: ctx.who,
        reason,
        requestId: ctx.requestId,
        now,
        maxAttempts: deps.settings.maxAttempts,
        bulk: previewId,
      });
      const before = payoutSnapshot(p);
      if (!d.ok) {
        refused.push({ payoutId: id, code: d.code, message: d.message });
        audit.push(
          auditEntry(ctx, `ops.${action}`, `payout:${id}`, 'refused', {
            reason,
            before,
            after: { refused: d.code, message: d.message, bulk: previewId },
          }),
        );
        continue;
      }
      const u = d.plan.update;
      updates.push(u);
      applied.push({ payoutId: id, version: p.payout.version + 1 });
      audit.push(
        auditEntry(ctx, `ops.${action}`, `payout:${id}`, 'applied', {
          reason,
          before,
          after: { status: u.status, version: p.payout.version + 1, nextAction: u.nextAction, bulk: previewId },
        }),
      );
    }
    await writeLifecycleBatch(tx, { actor: opsActorName(ctx.who), attemptInserts: [], attemptUpdates: [], payoutUpdates: updates });
    await appendAuditEntries(tx, audit);
    return { applied, refused };
  });
}
