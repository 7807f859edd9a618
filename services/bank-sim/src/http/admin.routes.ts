import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { outageSchema } from '../config/sim-config.schema.ts';
import { isScriptedBehaviour } from '../engine/sim-bank.ts';
import { transferJson } from '../ground-truth/transfer-json.ts';
import type { SimContext } from './sim-context.ts';

const clockBody = z.object({
  set: z.string().optional(),
  advanceMs: z.number().min(0).optional(),
  speed: z.number().min(0).optional(),
});
const creditBody = z.object({
  account: z.string().min(1),
  amountMinor: z.string().regex(/^[1-9]\d{0,30}$/),
  reference: z.string().max(35).optional(),
});
const scriptBody = z.object({ behaviour: z.string() });

function clockJson(ctx: SimContext): { now: string; speed: number } {
  return { now: ctx.clock.now().toISOString(), speed: ctx.clock.speed };
}

/** Controls (clock, funding, outages, scripts) and the ground truth. Loopback tools only. */
export function registerAdminRoutes(app: FastifyInstance, ctx: SimContext): void {
  const bad = (message: string) => ({ error: 'BAD_REQUEST', message });

  app.get('/admin/health', () => ({ ok: true, ...clockJson(ctx) }));
  app.get('/admin/clock', () => clockJson(ctx));
  app.post('/admin/clock', async (request, reply) => {
    const body = clockBody.safeParse(request.body ?? {});
    if (!body.success) return reply.code(400).send(bad(body.error.message));
    try {
      if (body.data.speed !== undefined) ctx.clock.setSpeed(body.data.speed);
      if (body.data.set !== undefined) ctx.clock.set(new Date(body.data.set));
      if (body.data.advanceMs !== undefined) ctx.clock.advance(body.data.advanceMs);
    } catch (error) {
      return reply.code(409).send(bad(error instanceof Error ? error.message : String(error)));
    }
    for (const b of ctx.banks.values()) b.settle();
    return clockJson(ctx);
  });

  app.get('/admin/banks', () => ({
    banks: [...ctx.banks.values()].map((b) => ({
      id: b.id,
      dialect: b.config.dialect,
      basePath: `/${b.config.dialect === 'iso20022' ? 'iso' : 'cn'}/${b.id}`,
      currency: b.config.currency,
      calendar: b.config.calendar,
      timeZone: b.config.timeZone,
      statementTime: b.config.statementTime,
      duplicateHandling: b.config.duplicateHandling,
      accounts: b.config.accounts.map((a) => a.account),
      profile: b.config.profile ?? null,
    })),
  }));

  app.post<{ Params: { bankId: string } }>('/admin/banks/:bankId/credit', async (request, reply) => {
    const bank = ctx.banks.get(request.params.bankId);
    if (bank === undefined) return reply.code(404).send(bad('no such bank'));
    const body = creditBody.safeParse(request.body);
    if (!body.success) return reply.code(400).send(bad(body.error.message));
    const entry = bank.credit(body.data.account, BigInt(body.data.amountMinor), body.data.reference);
    if (entry === undefined) return reply.code(404).send(bad('no such account'));
    const account = bank.accountList().find((a) => a.account === body.data.account);
    return { entrySeq: entry.seq, balanceMinor: account?.balanceMinor.toString() ?? null };
  });

  app.post<{ Params: { bankId: string } }>('/admin/banks/:bankId/outages', async (request, reply) => {
    const bank = ctx.banks.get(request.params.bankId);
    if (bank === undefined) return reply.code(404).send(bad('no such bank'));
    const body = outageSchema.safeParse(request.body);
    if (!body.success) return reply.code(400).send(bad(body.error.message));
    bank.addOutage(body.data);
    return { outages: bank.listOutages() };
  });

  app.delete<{ Params: { bankId: string }; Querystring: { operation?: string } }>(
    '/admin/banks/:bankId/outages',
    async (request, reply) => {
      const bank = ctx.banks.get(request.params.bankId);
      if (bank === undefined) return reply.code(404).send(bad('no such bank'));
      const op = request.query.operation;
      if (op !== undefined && op !== 'submit' && op !== 'query' && op !== 'statement')
        return reply.code(400).send(bad('unknown operation'));
      bank.clearOutages(op);
      return { outages: bank.listOutages() };
    },
  );

  app.put<{ Params: { bankId: string; endToEndId: string } }>('/admin/banks/:bankId/scripts/:endToEndId', async (request, reply) => {
    const bank = ctx.banks.get(request.params.bankId);
    if (bank === undefined) return reply.code(404).send(bad('no such bank'));
    const body = scriptBody.safeParse(request.body);
    if (!body.success || !isScriptedBehaviour(body.data.behaviour)) return reply.code(400).send(bad('unknown behaviour'));
    bank.script(request.params.endToEndId, body.data.behaviour);
    return { endToEndId: request.params.endToEndId, behaviour: body.data.behaviour };
  });

  app.delete<{ Params: { bankId: string; endToEndId: string } }>('/admin/banks/:bankId/scripts/:endToEndId', async (request, reply) => {
    const bank = ctx.banks.get(request.params.bankId);
    if (bank === undefined) return reply.code(404).send(bad('no such bank'));
    bank.script(request.params.endToEndId, undefined);
    return { endToEndId: request.params.endToEndId, behaviour: null };
  });

  // --- ground truth -----------------------------------------------------------------------

  type Filter = { Querystring: { bankId?: string; endToEndId?: string; payoutId?: string } };
  const banksFor = (bankId: string | undefined) => [...ctx.banks.values()].filter((b) => bankId === undefined || b.id === bankId);

  app.get<Filter>('/ground-truth/transfers', (request) => ({
    transfers: banksFor(request.query.bankId).flatMap((b) => b.allTransfers(request.query).map(transferJson)),
  }));

  app.get<Filter>('/ground-truth/executions', (request) => ({
    executions: banksFor(request.query.bankId).flatMap((b) => b.executions(request.query).map(transferJson)),
  }));

  app.get<{ Querystring: { bankId?: string } }>('/ground-truth/returns', (request) => ({
    returns: banksFor(request.query.bankId).flatMap((b) =>
      b
        .allTransfers()
        .filter((t) => t.returnAt !== undefined)
        .map(transferJson),
    ),
  }));

  app.get<{ Querystring: { bankId?: string } }>('/ground-truth/duplicate-refusals', (request) => ({
    refusals: banksFor(request.query.bankId).flatMap((b) =>
      b
        .duplicateRefusals()
        .map((r) => ({ bankId: b.id, endToEndId: r.endToEndId, payoutId: r.payoutId ?? null, at: new Date(r.at).toISOString() })),
    ),
  }));

  app.get<{ Params: { bankId: string } }>('/ground-truth/banks/:bankId/balances', async (request, reply) => {
    const bank = ctx.banks.get(request.params.bankId);
    if (bank === undefined) return reply.code(404).send(bad('no such bank'));
    return {
      accounts: bank.accountList().map((a) => ({
        account: a.account,
        currency: bank.config.currency,
        balanceMinor: a.balanceMinor.toString(),
        reservedMinor: a.reservedMinor.toString(),
        availableMinor: (a.balanceMinor - a.reservedMinor).toString(),
      })),
    };
  });

  app.get<{ Querystring: { bankId?: string; operation?: string; sinceSeq?: string } }>('/ground-truth/requests', (request) => {
    const since = request.query.sinceSeq === undefined ? undefined : Number(request.query.sinceSeq);
    return {
      truncated: ctx.log.truncated,
      counts: ctx.log.counts(),
      requests: ctx.log.list({
        bankId: request.query.bankId,
        operation: request.query.operation,
        sinceSeq: Number.isFinite(since) ? since : undefined,
      }),
    };
  });
}
