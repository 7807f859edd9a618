import { afterAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { XMLParser } from 'fast-xml-parser';
import { money } from '@payout/domain';
import type { FetchLike, PaymentInstruction } from '@payout/bank';
import { createCnJsonAdapter, createIso20022Adapter } from '@payout/bank';
import { parseSimConfig } from '../config/sim-config.schema.ts';
import { buildBankSimApp } from '../server.ts';
import { CN_BANK, CN_CLOSED, CN_DEBTOR, ISO_BANK, ISO_DEBTOR, cnProfile, isoProfile, twoBankSimConfig } from '../acceptance/test-banks.ts';

/** fetch over Fastify's inject(): the real routes, no socket. */
function injectFetch(app: FastifyInstance): FetchLike {
  return async (url, init) => {
    const u = new URL(url);
    const res = await app.inject({
      method: (init.method ?? 'GET') as 'GET' | 'POST',
      url: `${u.pathname}${u.search}`,
      headers: (init.headers ?? {}) as Record<string, string>,
      ...(typeof init.body === 'string' ? { payload: init.body } : {}),
    });
    return new Response(res.body, { status: res.statusCode, headers: { 'content-type': String(res.headers['content-type'] ?? '') } });
  };
}

const { app, ctx } = buildBankSimApp(parseSimConfig(twoBankSimConfig('http-unit')));
afterAll(() => app.close());
const fetch = injectFetch(app);
const iso = createIso20022Adapter(isoProfile(), { baseUrl: `http://sim/iso/${ISO_BANK}`, fetch });
const cn = createCnJsonAdapter(cnProfile(), { baseUrl: `http://sim/cn/${CN_BANK}`, fetch });
const signal = (): AbortSignal => AbortSignal.timeout(5_000);
const admin = async (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown): Promise<any> => {
  const res = await app.inject({ method, url, ...(payload === undefined ? {} : { payload: payload as object }) });
  return res.json();
};

const isoI = (e2e: string, amountMinor = 10_050n): PaymentInstruction => ({
  endToEndId: e2e,
  payoutId: `p-${e2e}`,
  amount: money(amountMinor, 'EUR'),
  debtorAccount: { scheme: 'iban', accountNumber: ISO_DEBTOR },
  beneficiary: { name: 'A & B <Ltd>', account: { scheme: 'iban', accountNumber: 'FR1420041010050500013M02606' } },
  requestedExecutionDate: '2026-01-05',
});
const cnI = (e2e: string, account = '6217000000000000001'): PaymentInstruction => ({
  endToEndId: e2e,
  payoutId: `p-${e2e}`,
  amount: money(12_345n, 'CNY'),
  debtorAccount: { scheme: 'cn_bank', accountNumber: CN_DEBTOR },
  beneficiary: { name: '张三, 李四', account: { scheme: 'cn_bank', accountNumber: account } },
  requestedExecutionDate: '2026-01-05',
});

describe('bank-sim HTTP API with the real adapters', () => {
  it('ISO: a pain.001 batch, statuses, and a camt.053 whose balances add up', async () => {
    const outs = await iso.submitBatch?.([isoI('I1'), isoI('I2', 20_000n)], signal());
    expect(outs?.every((o) => ['accepted', 'succeeded'].includes(o.kind))).toBe(true);
    expect((await iso.query({ endToEndId: 'I1' }, signal())).kind).toBe('succeeded');
    const gt = await admin('GET', '/ground-truth/executions?payoutId=p-I2');
    expect(gt.executions).toMatchObject([{ endToEndId: 'I2', amountMinor: '20000', executed: true, currency: 'EUR' }]);
    expect((await iso.fetchStatement({ scheme: 'iban', accountNumber: ISO_DEBTOR }, '2026-01-05', signal())).kind).toBe(
      'not_yet_available',
    );
    await admin('POST', '/admin/clock', { set: '2026-01-06T07:00:00Z' }); // Tue 08:00 Berlin
    const stmt = await iso.fetchStatement({ scheme: 'iban', accountNumber: ISO_DEBTOR }, '2026-01-05', signal());
    expect(stmt.kind).toBe('available');
    if (stmt.kind !== 'available') return;
    const doc: any = new XMLParser({ ignoreAttributes: false, parseTagValue: false, isArray: (n) => ['Ntry', 'Bal'].includes(n) }).parse(
      stmt.content,
    );
    const s = doc.Document.BkToCstmrStmt.Stmt;
    const bal = (code: string): string => s.Bal.find((b: any) => b.Tp.CdOrPrtry.Cd === code).Amt['#text'];
    expect(bal('OPBD')).toBe('10000000.00');
    expect(bal('CLBD')).toBe('9999699.50');
    expect(s.Ntry.map((e: any) => e.NtryDtls.TxDtls.Refs.EndToEndId)).toEqual(['I1', 'I2']);
    expect(s.Ntry[0].CdtDbtInd).toBe('DBIT');
    expect(s.ElctrncSeqNb).toBe('1');
    expect(stmt.content).toContain('A &amp; B &lt;Ltd&gt;');
  });

  it('CN: transfer, duplicate, closed account, query batch, CSV statement', async () => {
    expect(['accepted', 'succeeded']).toContain((await cn.submit(cnI('C1'), signal())).kind);
    expect(await cn.submit(cnI('C1'), signal())).toMatchObject({ kind: 'rejected', code: 'DUPL' });
    expect(await cn.submit(cnI('C2', CN_CLOSED), signal())).toMatchObject({ kind: 'rejected', code: 'AC04' });
    const outs = await cn.queryBatch?.([{ endToEndId: 'C1' }, { endToEndId: 'C2' }, { endToEndId: 'C3' }], signal());
    expect(outs?.map((o) => o.kind)).toEqual(['succeeded', 'rejected', 'not_found']);
    await admin('POST', `/admin/banks/${CN_BANK}/credit`, { account: CN_DEBTOR, amountMinor: '500000', reference: 'FUND-1' });
    // The ISO test moved the shared clock to Tue 2026-01-06: these bookings are Tuesday's.
    await admin('POST', '/admin/clock', { set: '2026-01-07T02:00:00Z' }); // Wed 10:00 Shanghai
    const stmt = await cn.fetchStatement({ scheme: 'cn_bank', accountNumber: CN_DEBTOR }, '2026-01-06', signal());
    expect(stmt).toMatchObject({ kind: 'available', format: 'csv' });
    if (stmt.kind !== 'available') return;
    const lines = stmt.content.trimEnd().split('\r\n');
    expect(lines.slice(0, 6)).toEqual([
      '账号,6222020200001234567',
      '币种,CNY',
      '对账日期,2026-01-06',
      '对账单序号,2',
      '期初余额,10000000.00',
      '期末余额,10004876.55',
    ]);
    expect(lines[6]).toBe('交易时间,记账日期,流水号,借贷标志,金额,余额,对方户名,对方账号,端到端编号,退票原因,摘要');
    expect(lines[7]).toContain(',借,123.45,9999876.55,"张三, 李四",6217000000000000001,C1,,代发');
    expect(lines[8]).toContain(',贷,5000.00,10004876.55,Treasury funding,,FUND-1,,资金调拨');
  });

  it('outages answer 503 (→ unknown), garbage stays unreadable, and every request is in the ground truth', async () => {
    await admin('POST', `/admin/banks/${CN_BANK}/outages`, { operation: 'query' });
    expect(await cn.query({ endToEndId: 'C1' }, signal())).toMatchObject({ kind: 'unknown', cause: 'http_5xx' });
    await admin('DELETE', `/admin/banks/${CN_BANK}/outages?operation=query`);
    expect((await cn.query({ endToEndId: 'C1' }, signal())).kind).toBe('succeeded');
    await admin('PUT', `/admin/banks/${CN_BANK}/scripts/G1`, { behaviour: 'garbage' });
    expect(await cn.submit(cnI('G1'), signal())).toMatchObject({ kind: 'unknown', cause: 'unparseable' });
    const bad = await app.inject({ method: 'PUT', url: `/admin/banks/${CN_BANK}/scripts/G2`, payload: { behaviour: 'explode' } });
    expect(bad.statusCode).toBe(400);
    const requests = await admin('GET', `/ground-truth/requests?bankId=${CN_BANK}&operation=query`);
    expect(requests.requests.length).toBeGreaterThanOrEqual(3);
    expect(requests.requests.at(-1)).toMatchObject({ bankId: CN_BANK, operation: 'query', endToEndIds: ['C1'], handling: 'ok' });
    expect(requests.counts[CN_BANK].submit).toBeGreaterThanOrEqual(4);
    expect(ctx.log.list({ bankId: CN_BANK }).every((r) => r.at > 0)).toBe(true);
    const balances = await admin('GET', `/ground-truth/banks/${CN_BANK}/balances`);
    expect(balances.accounts[0]).toMatchObject({ account: CN_DEBTOR, currency: 'CNY' });
  });

  it('refuses to move the clock backwards', async () => {
    const res = await app.inject({ method: 'POST', url: '/admin/clock', payload: { set: '2020-01-01T00:00:00Z' } });
    expect(res.statusCode).toBe(409);
  });
});
