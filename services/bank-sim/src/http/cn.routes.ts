import type { FastifyInstance, FastifyRequest } from 'fastify';
import { parseAmountMinor } from '@payout/domain';
import type { SimBank } from '../engine/sim-bank.ts';
import type { IncomingTransfer } from '../engine/sim-transfer.ts';
import { cnRecord, type CnReport } from '../render/cn-records.ts';
import { writeCnCsv } from '../render/cn-csv.writer.ts';
import { applyOutage, garbageFor, latency, note, type BankRouteConfig, type SimContext } from './sim-context.ts';

const GARBAGE = [
  '<html><head><title>系统维护中</title></head><body>系统维护中，请稍后再试</body></html>',
  '{"code":"0000","msg":"成功","data":{"outBizNo":',
  'null',
];
const JSON_TYPE = 'application/json; charset=utf-8';

function cnBank(ctx: SimContext, request: FastifyRequest<{ Params: { bankId: string } }>): SimBank | undefined {
  const bank = ctx.banks.get(request.params.bankId);
  return bank?.config.dialect === 'cn-json' ? bank : undefined;
}

const str = (o: Record<string, unknown>, k: string): string | undefined => (typeof o[k] === 'string' && o[k].length > 0 ? o[k] : undefined);

function readTransfer(body: unknown): IncomingTransfer | undefined {
  if (body === null || typeof body !== 'object') return undefined;
  const o = body as Record<string, unknown>;
  const outBizNo = str(o, 'outBizNo');
  const amount = str(o, 'amount');
  const currency = str(o, 'currency') ?? 'CNY';
  const payer = str(o, 'payerAccount');
  const payee = str(o, 'payeeAccount');
  const name = str(o, 'payeeName');
  if (outBizNo === undefined || amount === undefined || payer === undefined || payee === undefined || name === undefined) return undefined;
  let amountMinor: bigint;
  try {
    amountMinor = parseAmountMinor(amount, currency);
  } catch {
    return undefined;
  }
  if (amountMinor <= 0n) return undefined;
  return {
    endToEndId: outBizNo,
    payoutId: str(o, 'payoutId'),
    amountMinor,
    currency,
    debtorAccount: payer,
    beneficiaryAccount: payee,
    beneficiaryName: name,
    messageId: undefined,
  };
}

/**
 * The CN-style bank: `POST /cn/:bankId/transfer`, `POST /cn/:bankId/transfer/query`,
 * `POST /cn/:bankId/transfer/query/batch`, `GET /cn/:bankId/statement`. See PROTOCOL.md.
 */
export function registerCnRoutes(app: FastifyInstance, ctx: SimContext): void {
  const submitConfig: BankRouteConfig = { simOperation: 'submit' };
  const queryConfig: BankRouteConfig = { simOperation: 'query' };
  const statementConfig: BankRouteConfig = { simOperation: 'statement' };
  const notFound = { code: '4040', msg: '银行不存在' };

  app.post<{ Params: { bankId: string } }>('/cn/:bankId/transfer', { config: submitConfig }, async (request, reply) => {
    const bank = cnBank(ctx, request);
    if (bank === undefined) return reply.code(404).type(JSON_TYPE).send(notFound);
    const t = readTransfer(request.body);
    // Ids first, so the ground truth attributes even requests an outage swallows.
    if (t !== undefined) note(request, 'received', [t.endToEndId]);
    const outage = bank.outageFor('submit');
    if (outage !== undefined) return applyOutage(ctx, outage, request, reply);
    if (t === undefined) {
      note(request, 'bad_request');
      return reply.code(200).type(JSON_TYPE).send({ code: '1001', msg: '参数错误' });
    }
    const behaviour = bank.requestBehaviour([t.endToEndId]);
    note(request, behaviour, [t.endToEndId]);
    if (behaviour === 'timeoutBeforeExecution') return ctx.holds.hold(reply);
    if (behaviour === 'http5xx') return reply.code(502).type('text/html').send('<html><body>502 Bad Gateway</body></html>');
    const [result] = bank.accept([t]);
    if (behaviour === 'timeoutAfterExecution') return ctx.holds.hold(reply);
    await latency(ctx, bank, t.endToEndId);
    if (behaviour === 'garbage') return reply.code(200).type(JSON_TYPE).send(garbageFor(GARBAGE, t.endToEndId));
    if (result === undefined) return reply.code(500).send();
    if (result.transfer === undefined && result.reasonCode === 'DUPL') {
      return reply.code(200).type(JSON_TYPE).send({ code: '2001', msg: '订单号重复' });
    }
    const report: CnReport = result.report === 'rejected' ? 'failed' : result.report;
    return reply
      .code(200)
      .type(JSON_TYPE)
      .send({ code: '0000', msg: '成功', data: cnRecord(bank, result.transfer, t.endToEndId, report, result.reasonCode) });
  });

  const answerFor = (bank: SimBank, id: string): Record<string, unknown> | undefined => {
    const view = bank.status(id);
    if (view.kind === 'not_found') return undefined;
    const report: CnReport = view.report === 'rejected' ? 'failed' : view.report;
    return cnRecord(bank, view.transfer, id, report, view.transfer.reasonCode);
  };

  app.post<{ Params: { bankId: string } }>('/cn/:bankId/transfer/query', { config: queryConfig }, async (request, reply) => {
    const bank = cnBank(ctx, request);
    if (bank === undefined) return reply.code(404).type(JSON_TYPE).send(notFound);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const id = str(body, 'outBizNo');
    note(request, 'ok', id === undefined ? [] : [id]);
    const outage = bank.outageFor('query');
    if (outage !== undefined) return applyOutage(ctx, outage, request, reply);
    if (id === undefined) return reply.code(200).type(JSON_TYPE).send({ code: '1001', msg: '参数错误' });
    const fault = bank.queryFault(id);
    if (fault === 'http5xx') {
      note(request, 'http_5xx');
      return reply.code(503).type('text/plain').send('Service Unavailable');
    }
    await latency(ctx, bank, `q|${id}`);
    if (fault === 'garbage') {
      note(request, 'garbage');
      return reply
        .code(200)
        .type(JSON_TYPE)
        .send(garbageFor(GARBAGE, `q|${id}`));
    }
    const data = answerFor(bank, id);
    return reply
      .code(200)
      .type(JSON_TYPE)
      .send(data === undefined ? { code: '3001', msg: '订单不存在' } : { code: '0000', msg: '成功', data });
  });

  app.post<{ Params: { bankId: string } }>('/cn/:bankId/transfer/query/batch', { config: queryConfig }, async (request, reply) => {
    const bank = cnBank(ctx, request);
    if (bank === undefined) return reply.code(404).type(JSON_TYPE).send(notFound);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const ids = Array.isArray(body['outBizNos']) ? body['outBizNos'].filter((x): x is string => typeof x === 'string') : [];
    note(request, 'ok', ids);
    const outage = bank.outageFor('query');
    if (outage !== undefined) return applyOutage(ctx, outage, request, reply);
    if (ids.length === 0) return reply.code(200).type(JSON_TYPE).send({ code: '1001', msg: '参数错误' });
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
        .type(JSON_TYPE)
        .send(garbageFor(GARBAGE, `q|${ids.join('|')}`));
    }
    const items = ids.map((id) => answerFor(bank, id)).filter((x) => x !== undefined);
    return reply.code(200).type(JSON_TYPE).send({ code: '0000', msg: '成功', data: { items } });
  });

  app.get<{ Params: { bankId: string }; Querystring: { account?: string; date?: string } }>(
    '/cn/:bankId/statement',
    { config: statementConfig },
    async (request, reply) => {
      const bank = cnBank(ctx, request);
      if (bank === undefined) return reply.code(404).type(JSON_TYPE).send(notFound);
      const outage = bank.outageFor('statement');
      if (outage !== undefined) return applyOutage(ctx, outage, request, reply);
      const { account, date } = request.query;
      if (account === undefined || date === undefined || !/^\d{8}$/.test(date)) {
        note(request, 'bad_request');
        return reply.code(200).type(JSON_TYPE).send({ code: '1001', msg: '参数错误' });
      }
      const answer = bank.statement(account, `${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 8)}`);
      note(request, answer.kind);
      switch (answer.kind) {
        case 'ok':
          return reply.code(200).type('text/csv; charset=utf-8').send(writeCnCsv(answer.data));
        case 'not_yet_available':
          return reply
            .code(200)
            .type(JSON_TYPE)
            .send({ code: '4004', msg: '对账单未生成', data: { availableAt: answer.availableAt.toISOString() } });
        case 'no_such_account':
        case 'before_opening':
          return reply.code(200).type(JSON_TYPE).send({ code: '4041', msg: '无此对账单' });
      }
    },
  );
}
