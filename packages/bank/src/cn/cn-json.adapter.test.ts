import { describe, expect, it } from 'vitest';
import { money } from '@payout/domain';
import type { PaymentInstruction } from '../bank-instruction.ts';
import type { FetchLike } from '../http/http-exchange.ts';
import { fakeBankProfile } from '../fake/fake-profile.ts';
import { createCnJsonAdapter } from './cn-json.adapter.ts';

const profile = fakeBankProfile({
  bankId: 'cn',
  dialect: 'cn-json',
  currency: 'CNY',
  notFoundMeansProcessing: true,
  supportsBatchSubmit: false,
  maxBatchSize: 1,
});
const instruction = (e2e: string, amountMinor = 12_345n): PaymentInstruction => ({
  endToEndId: e2e,
  payoutId: `p-${e2e}`,
  amount: money(amountMinor, 'CNY'),
  debtorAccount: { scheme: 'cn_bank', accountNumber: '6222020200001234567' },
  beneficiary: { name: '张三', account: { scheme: 'cn_bank', accountNumber: '6217000000000000001' } },
  requestedExecutionDate: '2026-01-05',
});
const json = (body: unknown): Response =>
  new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
const record = (e2e: string, status: string, extra: Record<string, unknown> = {}) => ({
  code: '0000',
  msg: '成功',
  data: { outBizNo: e2e, status, bankSerialNo: 'S1', bookDate: '20260105', ...extra },
});

function adapterAnswering(answer: (url: string, body: unknown) => Response) {
  const seen: { url: string; body: unknown }[] = [];
  const fetch: FetchLike = async (url, init) => {
    const body: unknown = typeof init.body === 'string' ? JSON.parse(init.body) : undefined;
    seen.push({ url, body });
    return answer(url, body);
  };
  return { adapter: createCnJsonAdapter(profile, { baseUrl: 'http://bank.test/cn/b', fetch }), seen };
}
const signal = (): AbortSignal => AbortSignal.timeout(5_000);

describe('CN JSON adapter', () => {
  it('sends yuan as an exact decimal string and reads the transfer record', async () => {
    const { adapter, seen } = adapterAnswering(() => json(record('E1', '交易成功')));
    const out = await adapter.submit(instruction('E1', 9_007_199_254_740_993_01n), signal());
    expect(seen[0]?.url).toBe('http://bank.test/cn/b/transfer');
    expect(seen[0]?.body).toMatchObject({
      outBizNo: 'E1',
      payoutId: 'p-E1',
      amount: '9007199254740993.01',
      currency: 'CNY',
      payeeName: '张三',
    });
    expect(out).toMatchObject({ kind: 'succeeded', bankReference: 'S1', bookedOn: '2026-01-05' });
  });

  it('turns "order number reused" into a duplicate rejection and system errors into unknown', async () => {
    expect(
      await adapterAnswering(() => json({ code: '2001', msg: '订单号重复' })).adapter.submit(instruction('E1'), signal()),
    ).toMatchObject({ kind: 'rejected', code: 'DUPL', reason: { class: 'duplicate' } });
    expect(await adapterAnswering(() => json({ code: '9999', msg: '系统繁忙' })).adapter.submit(instruction('E1'), signal())).toMatchObject(
      { kind: 'unknown', cause: 'bank_system_error' },
    );
    expect(await adapterAnswering(() => json({ code: '1234', msg: '?' })).adapter.submit(instruction('E1'), signal())).toMatchObject({
      kind: 'unknown',
      cause: 'unrecognised_reason',
    });
  });

  it('is unknown for garbage, an answer about another order, HTML or 5xx', async () => {
    const cases: [() => Response, string][] = [
      [() => new Response('{"code":"0000","data":{"outBizNo":', { status: 200 }), 'unparseable'],
      [() => new Response('null', { status: 200 }), 'unparseable'],
      [() => json(record('OTHER', 'SUCCESS')), 'unparseable'],
      [() => new Response('<html>502</html>', { status: 502 }), 'http_5xx'],
    ];
    for (const [answer, cause] of cases)
      expect(await adapterAnswering(answer).adapter.submit(instruction('E1'), signal())).toMatchObject({ kind: 'unknown', cause });
  });

  it('reads "order not found" as not_found that may still be processing (回盘)', async () => {
    const { adapter } = adapterAnswering(() => json({ code: '3001', msg: '订单不存在' }));
    expect(await adapter.query({ endToEndId: 'E1' }, signal())).toEqual({
      kind: 'not_found',
      endToEndId: 'E1',
      mayStillBeProcessing: true,
    });
  });

  it('queries in batches and reads 退票', async () => {
    const { adapter, seen } = adapterAnswering(() =>
      json({ code: '0000', data: { items: [record('A', '退票', { errorCode: 'E1002' }).data] } }),
    );
    const outs = await adapter.queryBatch?.([{ endToEndId: 'A' }, { endToEndId: 'B' }], signal());
    expect(seen[0]?.body).toEqual({ outBizNos: ['A', 'B'] });
    expect(outs).toMatchObject([{ kind: 'returned', code: 'AC04' }, { kind: 'not_found' }]);
  });

  it('fetches a CSV statement, or learns when it will be ready', async () => {
    const account = { scheme: 'cn_bank', accountNumber: '6222020200001234567' } as const;
    const csv = adapterAnswering(
      () => new Response('账号,6222\r\n', { status: 200, headers: { 'content-type': 'text/csv; charset=utf-8' } }),
    );
    expect(await csv.adapter.fetchStatement(account, '2026-01-05', signal())).toMatchObject({ kind: 'available', format: 'csv' });
    const early = adapterAnswering(() => json({ code: '4004', msg: '对账单未生成', data: { availableAt: '2026-01-06T02:00:00.000Z' } }));
    expect(await early.adapter.fetchStatement(account, '2026-01-05', signal())).toMatchObject({
      kind: 'not_yet_available',
      availableAt: new Date('2026-01-06T02:00:00.000Z'),
    });
    const none = adapterAnswering(() => json({ code: '4041', msg: '无此对账单' }));
    expect(await none.adapter.fetchStatement(account, '2025-12-31', signal())).toMatchObject({ kind: 'none', date: '2025-12-31' });
  });
});
