import { describe, expect, it } from 'vitest';
import { money } from '@payout/domain';
import type { PaymentInstruction } from '../bank-instruction.ts';
import type { FetchLike } from '../http/http-exchange.ts';
import { fakeBankProfile } from '../fake/fake-profile.ts';
import { createIso20022Adapter } from './iso20022.adapter.ts';

const profile = fakeBankProfile({
  bankId: 'iso',
  dialect: 'iso20022',
  currency: 'EUR',
  statementFormat: 'camt.053',
  notFoundMeansProcessing: false,
});
const instruction = (e2e: string): PaymentInstruction => ({
  endToEndId: e2e,
  payoutId: `p-${e2e}`,
  amount: money(100n, 'EUR'),
  debtorAccount: { scheme: 'iban', accountNumber: 'DE89370400440532013000' },
  beneficiary: { name: 'Jane', account: { scheme: 'iban', accountNumber: 'FR1420041010050500013M02606' } },
  requestedExecutionDate: '2026-01-05',
});

const pain002 = (msgId: string, group: string, txs: string): string =>
  `<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.002.001.10"><CstmrPmtStsRpt><GrpHdr><MsgId>R</MsgId></GrpHdr>` +
  `<OrgnlGrpInfAndSts><OrgnlMsgId>${msgId}</OrgnlMsgId><GrpSts>${group}</GrpSts></OrgnlGrpInfAndSts><OrgnlPmtInfAndSts>${txs}</OrgnlPmtInfAndSts></CstmrPmtStsRpt></Document>`;
const tx = (e2e: string, sts: string, rsn?: string): string =>
  `<TxInfAndSts><OrgnlEndToEndId>${e2e}</OrgnlEndToEndId><TxSts>${sts}</TxSts>${rsn === undefined ? '' : `<StsRsnInf><Rsn><Cd>${rsn}</Cd></Rsn></StsRsnInf>`}</TxInfAndSts>`;

function adapterAnswering(answer: (url: string, init: RequestInit) => Response | Promise<Response>) {
  const seen: { url: string; body: string }[] = [];
  const fetch: FetchLike = async (url, init) => {
    seen.push({ url, body: typeof init.body === 'string' ? init.body : '' });
    return answer(url, init);
  };
  return { adapter: createIso20022Adapter(profile, { baseUrl: 'http://bank.test/iso/b/', fetch, newMessageId: () => 'MSG-1' }), seen };
}

const failWith = (code: string) => (): never => {
  throw new TypeError('fetch failed', { cause: Object.assign(new Error(code), { code }) });
};
const signal = (): AbortSignal => AbortSignal.timeout(5_000);

describe('ISO 20022 adapter', () => {
  it('posts a pain.001 and maps each transaction of the pain.002 answer', async () => {
    const { adapter, seen } = adapterAnswering(
      () => new Response(pain002('MSG-1', 'PART', tx('A', 'ACCP') + tx('B', 'RJCT', 'AC01') + tx('C', 'ACSC')), { status: 200 }),
    );
    const outs = await adapter.submitBatch?.([instruction('A'), instruction('B'), instruction('C'), instruction('D')], signal());
    expect(seen[0]?.url).toBe('http://bank.test/iso/b/pain001');
    expect(seen[0]?.body).toContain('<EndToEndId>D</EndToEndId>');
    expect(outs?.map((o) => o.kind)).toEqual(['accepted', 'rejected', 'succeeded', 'unknown']);
  });

  it('applies a group status to transactions it does not list, unless it is PART', async () => {
    const rejected = adapterAnswering(() => new Response(pain002('MSG-1', 'RJCT', ''), { status: 200 }));
    expect(await rejected.adapter.submit(instruction('A'), signal())).toMatchObject({ kind: 'rejected', bankStatus: 'RJCT' });
    const accepted = adapterAnswering(() => new Response(pain002('MSG-1', 'ACTC', ''), { status: 200 }));
    expect(await accepted.adapter.submit(instruction('A'), signal())).toMatchObject({ kind: 'accepted', bankStatus: 'ACTC' });
  });

  it('is unknown — never rejected — for 5xx, other statuses, garbage, or an answer to another message', async () => {
    const cases: [() => Response, string][] = [
      [() => new Response('oops', { status: 503 }), 'http_5xx'],
      [() => new Response('nope', { status: 400 }), 'http_status'],
      [() => new Response('<html>502</html>', { status: 200 }), 'unparseable'],
      [() => new Response(pain002('OTHER', 'ACCP', tx('A', 'ACCP')), { status: 200 }), 'unparseable'],
    ];
    for (const [answer, cause] of cases) {
      expect(await adapterAnswering(answer).adapter.submit(instruction('A'), signal())).toMatchObject({ kind: 'unknown', cause });
    }
  });

  it('reports a refused connection as not_sent and a reset as unknown', async () => {
    expect(await adapterAnswering(failWith('ECONNREFUSED')).adapter.submit(instruction('A'), signal())).toMatchObject({
      kind: 'not_sent',
      cause: 'connection_refused',
    });
    expect(await adapterAnswering(failWith('ECONNRESET')).adapter.submit(instruction('A'), signal())).toMatchObject({
      kind: 'unknown',
      cause: 'connection',
    });
    expect(await adapterAnswering(failWith('UND_ERR_SOCKET')).adapter.submit(instruction('A'), signal())).toMatchObject({
      kind: 'unknown',
      cause: 'connection',
    });
  });

  it('reports our deadline as unknown timeout, and a caller abort as unknown aborted', async () => {
    const hang = adapterAnswering(
      (_url, init) =>
        new Promise<Response>((_, reject) => {
          init.signal?.addEventListener('abort', () => reject(init.signal?.reason as Error));
        }),
    );
    expect(await hang.adapter.submit(instruction('A'), AbortSignal.timeout(20))).toMatchObject({ kind: 'unknown', cause: 'timeout' });
    const ac = new AbortController();
    const pending = hang.adapter.submit(instruction('B'), ac.signal);
    ac.abort();
    expect(await pending).toMatchObject({ kind: 'unknown', cause: 'aborted' });
  });

  it('queries in batches: listed ids get their status, missing ones are not found', async () => {
    const { adapter, seen } = adapterAnswering(
      () => new Response(pain002('STATUS-QUERY', 'ACCP', tx('A', 'ACSP') + tx('A', 'ACSC')), { status: 200 }),
    );
    const outs = await adapter.queryBatch?.([{ endToEndId: 'A' }, { endToEndId: 'B' }], signal());
    expect(seen[0]?.url).toBe('http://bank.test/iso/b/status?endToEndId=A&endToEndId=B');
    expect(outs).toMatchObject([{ kind: 'succeeded' }, { kind: 'not_found', mayStillBeProcessing: false }]);
  });

  it('fetches camt.053 statements and understands "not yet available"', async () => {
    const account = { scheme: 'iban', accountNumber: 'DE89370400440532013000' } as const;
    const ready = adapterAnswering(
      () =>
        new Response('<Document><BkToCstmrStmt></BkToCstmrStmt></Document>', {
          status: 200,
          headers: { 'content-type': 'application/xml' },
        }),
    );
    expect(await ready.adapter.fetchStatement(account, '2026-01-05', signal())).toMatchObject({
      kind: 'available',
      format: 'camt.053',
      date: '2026-01-05',
    });
    const early = adapterAnswering(() => new Response(JSON.stringify({ availableAt: '2026-01-06T07:00:00.000Z' }), { status: 425 }));
    const out = await early.adapter.fetchStatement(account, '2026-01-05', signal());
    expect(out).toMatchObject({ kind: 'not_yet_available' });
    if (out.kind === 'not_yet_available') expect(out.availableAt?.toISOString()).toBe('2026-01-06T07:00:00.000Z');
    const garbage = adapterAnswering(() => new Response('{}', { status: 200 }));
    expect(await garbage.adapter.fetchStatement(account, '2026-01-05', signal())).toMatchObject({ kind: 'unknown', cause: 'unparseable' });
    const none = adapterAnswering(() => new Response(JSON.stringify({ error: 'BEFORE_OPENING' }), { status: 404 }));
    expect(await none.adapter.fetchStatement(account, '2025-12-31', signal())).toMatchObject({ kind: 'none', date: '2025-12-31' });
  });

  it('refuses an invalid instruction before sending anything', async () => {
    const { adapter, seen } = adapterAnswering(() => new Response('', { status: 200 }));
    await expect(adapter.submit({ ...instruction('A'), endToEndId: 'X'.repeat(36) }, signal())).rejects.toMatchObject({
      code: 'PAYOUT_E_BANK_INSTRUCTION_INVALID',
    });
    await expect(adapter.submit({ ...instruction('A'), amount: money(100n, 'USD') }, signal())).rejects.toMatchObject({
      code: 'PAYOUT_E_BANK_INSTRUCTION_INVALID',
    });
    expect(seen).toHaveLength(0);
  });
});
