import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { localDateIn } from '@payout/calendar';
import type { SimBank } from '../engine/sim-bank.ts';
import type { SubmitResult } from '../engine/sim-transfer.ts';
import { readPain001 } from '../parse/pain001.reader.ts';
import { writeCamt053 } from '../render/camt053.writer.ts';
import { writePain002, type Pain002Line } from '../render/pain002.writer.ts';
import { applyOutage, garbageFor, latency, note, recordOf, type BankRouteConfig, type SimContext } from './sim-context.ts';

const GARBAGE = [
  '<html><body><h1>502 Bad Gateway</h1></body></html>',
  '<?xml version="1.0" encoding="UTF-8"?><Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.002.001.10"><CstmrPmtStsRpt><GrpHdr><MsgId>',
  'OK',
];
const XML = 'application/xml; charset=utf-8';

function isoBank(ctx: SimContext, request: FastifyRequest<{ Params: { bankId: string } }>): SimBank | undefined {
  const bank = ctx.banks.get(request.params.bankId);
  return bank?.config.dialect === 'iso20022' ? bank : undefined;
}

function submitStatus(bank: SimBank, r: SubmitResult): Pain002Line {
  const t = r.transfer;
  const settlementDate = t?.bookedAt === undefined ? undefined : localDateIn(new Date(t.bookedAt), bank.config.timeZone);
  switch (r.report) {
    case 'accepted':
      return { endToEndId: r.endToEndId, status: 'ACCP', reasonCode: undefined, transfer: t, settlementDate: undefined };
    case 'pending':
      return {
        endToEndId: r.endToEndId,
        status: t?.variant === 1 ? 'PDNG' : 'ACSP',
        reasonCode: undefined,
        transfer: t,
        settlementDate: undefined,
      };
    case 'succeeded':
      return { endToEndId: r.endToEndId, status: 'ACSC', reasonCode: undefined, transfer: t, settlementDate };
    case 'rejected':
      return { endToEndId: r.endToEndId, status: 'RJCT', reasonCode: r.reasonCode, transfer: t, settlementDate: undefined };
    case 'unrecognised':
      return {
        endToEndId: r.endToEndId,
        status: bank.config.unrecognisedStatus ?? 'PNDG',
        reasonCode: undefined,
        transfer: t,
        settlementDate: undefined,
      };
  }
}

/**
 * The ISO 20022 bank: `POST /iso/:bankId/pain001`, `GET /iso/:bankId/status`,
 * `GET /iso/:bankId/statements`. See PROTOCOL.md.
 */
export function registerIsoRoutes(app: FastifyInstance, ctx: SimContext): void {
  const submitConfig: BankRouteConfig = { simOperation: 'submit' };
  const queryConfig: BankRouteConfig = { simOperation: 'query' };
  const statementConfig: BankRouteConfig = { simOperation: 'statement' };

  app.post<{ Params: { bankId: string }; Body: string }>('/iso/:bankId/pain001', { config: submitConfig }, async (request, reply) => {
    const bank = isoBank(ctx, request);
    if (bank === undefined) return reply.code(404).type('text/plain').send('no such ISO 20022 bank');
    const read = readPain001(typeof request.body === 'string' ? request.body : '');
    // Ids first, so the ground truth attributes even requests an outage swallows.
    if (read.ok)
      note(
        request,
        'received',
        read.transfers.map((t) => t.endToEndId),
      );
    const outage = bank.outageFor('submit');
    if (outage !== undefined) return applyOutage(ctx, outage, request, reply);
    if (!read.ok) {
      note(request, 'bad_request');
      return reply.code(400).type('text/plain').send(`pain.001 rejected: ${read.problem}`);
    }
    const ids = read.transfers.map((t) => t.endToEndId);
    const behaviour = bank.requestBehaviour(ids);
    note(request, behaviour, ids);
    if (behaviour === 'timeoutBeforeExecution') return ctx.holds.hold(reply);
    if (behaviour === 'http5xx')
      return reply
        .code(ids.length % 2 === 0 ? 503 : 500)
        .type('text/plain')
        .send('Internal Server Error');
    const results = bank.accept(read.transfers);
    if (behaviour === 'timeoutAfterExecution') return ctx.holds.hold(reply);
    await latency(ctx, bank, read.messageId);
    if (behaviour === 'garbage')
      return reply
        .code(200)
        .type(XML)
        .send(garbageFor(GARBAGE, `${read.messageId}`));
    const now = ctx.clock.nowMs();
    return reply
      .code(200)
      .type(XML)
      .send(
        writePain002({
          messageId: `R${read.messageId}`.slice(0, 35),
          createdAtMs: now,
          originalMessageId: read.messageId,
          lines: results.map((r) => submitStatus(bank, r)),
        }),
      );
  });

  app.get<{ Params: { bankId: string }; Querystring: { endToEndId?: string | string[] } }>(
    '/iso/:bankId/status',
    { config: queryConfig },
    async (request, reply) => {
      const bank = isoBank(ctx, request);
      if (bank === undefined) return reply.code(404).type('text/plain').send('no such ISO 20022 bank');
      const raw = request.query.endToEndId;
      const ids = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
      note(request, 'ok', ids);
      const outage = bank.outageFor('query');
      if (outage !== undefined) return applyOutage(ctx, outage, request, reply);
      if (ids.length === 0) return reply.code(400).type('text/plain').send('endToEndId is required');
      const fault = bank.queryFault(ids[0] ?? '');
      if (fault === 'http5xx') {
        note(request, 'http_5xx');
        return reply.code(503).type('text/plain').send('Service Unavailable');
      }
      await latency(ctx, bank, `q|${ids.join('|')}`);
      if (fault === 'garbage') {
        note(request, 'garbage');
        return reply
          .code(200)
          .type(XML)
          .send(garbageFor(GARBAGE, `q|${ids.join('|')}`));
      }
      const lines: Pain002Line[] = [];
      for (const id of ids) {
        const view = bank.status(id);
        if (view.kind === 'not_found') continue;
        const t = view.transfer;
        const settled = t.bookedAt === undefined ? undefined : localDateIn(new Date(t.bookedAt), bank.config.timeZone);
        const status =
          view.report === 'pending'
            ? t.variant === 1
              ? 'PDNG'
              : 'ACSP'
            : view.report === 'succeeded' || view.report === 'returned'
              ? 'ACSC'
              : 'RJCT';
        lines.push({
          endToEndId: id,
          status,
          reasonCode: status === 'RJCT' ? t.reasonCode : undefined,
          transfer: t,
          settlementDate: status === 'ACSC' ? settled : undefined,
        });
      }
      return reply
        .code(200)
        .type(XML)
        .send(
          writePain002({
            messageId: `Q${recordOf(request)?.seq ?? 0}`,
            createdAtMs: ctx.clock.nowMs(),
            originalMessageId: 'STATUS-QUERY',
            lines,
          }),
        );
    },
  );

  app.get<{ Params: { bankId: string }; Querystring: { account?: string; date?: string } }>(
    '/iso/:bankId/statements',
    { config: statementConfig },
    async (request, reply) => {
      const bank = isoBank(ctx, request);
      if (bank === undefined) return reply.code(404).type('text/plain').send('no such ISO 20022 bank');
      return statementReply(ctx, bank, request, reply);
    },
  );
}

async function statementReply(
  ctx: SimContext,
  bank: SimBank,
  request: FastifyRequest<{ Params: { bankId: string }; Querystring: { account?: string; date?: string } }>,
  reply: FastifyReply,
): Promise<unknown> {
  const outage = bank.outageFor('statement');
  if (outage !== undefined) return applyOutage(ctx, outage, request, reply);
  const { account, date } = request.query;
  if (account === undefined || date === undefined || !/^\d{4}-\d{2}-\d{2}$/.test(date)) {
    note(request, 'bad_request');
    return reply.code(400).type('text/plain').send('account and date (YYYY-MM-DD) are required');
  }
  const answer = bank.statement(account, date);
  note(request, answer.kind);
  switch (answer.kind) {
    case 'ok':
      return reply.code(200).type(XML).send(writeCamt053(answer.data));
    case 'not_yet_available':
      return reply.code(425).type('application/json').send({ error: 'NOT_YET_AVAILABLE', availableAt: answer.availableAt.toISOString() });
    case 'no_such_account':
    case 'before_opening':
      return reply.code(404).type('application/json').send({ error: answer.kind.toUpperCase() });
  }
}
