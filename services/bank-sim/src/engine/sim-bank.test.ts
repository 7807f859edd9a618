import { describe, expect, it } from 'vitest';
import { createSimClock, type SimClock } from '../clock/sim-clock.ts';
import { bankConfigSchema, type SimBankConfigInput } from '../config/sim-config.schema.ts';
import { SimBank } from './sim-bank.ts';
import type { IncomingTransfer } from './sim-transfer.ts';

const DEBTOR = '6222020200001234567';
function bank(
  overrides: Partial<SimBankConfigInput> = {},
  seed = 's1',
  clock: SimClock = createSimClock(new Date('2026-01-05T02:00:00Z'), 0),
): { b: SimBank; clock: SimClock } {
  const config = bankConfigSchema.parse({
    id: 'cn',
    dialect: 'cn-json',
    currency: 'CNY',
    calendar: 'CN',
    timeZone: 'Asia/Shanghai',
    accounts: [{ account: DEBTOR, openingBalanceMinor: '100000' }],
    closedAccounts: ['CLOSED'],
    ...overrides,
  });
  return { b: new SimBank(config, seed, clock), clock };
}
const t = (e2e: string, amountMinor = 1_000n, extra: Partial<IncomingTransfer> = {}): IncomingTransfer => ({
  endToEndId: e2e,
  payoutId: `p-${e2e}`,
  amountMinor,
  currency: 'CNY',
  debtorAccount: DEBTOR,
  beneficiaryAccount: '6217000000000000001',
  beneficiaryName: '张三',
  messageId: undefined,
  ...extra,
});
const balance = (b: SimBank): bigint => b.accountList()[0]?.balanceMinor ?? -1n;

describe('SimBank', () => {
  it('executes a success at once: money leaves, one execution, statement line', () => {
    const { b } = bank();
    const [r] = b.accept([t('E1')]);
    expect(r?.transfer?.state).toBe('succeeded');
    expect(balance(b)).toBe(99_000n);
    expect(b.executions({ payoutId: 'p-E1' })).toHaveLength(1);
  });

  it('refuses data errors, the hidden limit and missing funds with ISO reasons, moving no money', () => {
    const { b } = bank({ hiddenLimitMinor: '50000' });
    const codes = b
      .accept([
        t('C', 1_000n, { beneficiaryAccount: 'CLOSED' }),
        t('L', 60_000n),
        t('D', 1n, { debtorAccount: 'NOPE' }),
        t('F1', 49_000n),
        t('F2', 49_000n),
        t('F3', 49_000n),
      ])
      .map((r) => r.reasonCode ?? r.transfer?.state);
    expect(codes).toEqual(['AC04', 'AM02', 'AC02', 'succeeded', 'succeeded', 'AM04']);
    expect(balance(b)).toBe(2_000n);
  });

  it('rejects a reused end-to-end id, or — the dangerous bank — executes it again', () => {
    const safe = bank().b;
    safe.accept([t('E1')]);
    expect(safe.accept([t('E1')])[0]).toMatchObject({ transfer: undefined, report: 'rejected', reasonCode: 'DUPL' });
    expect(safe.executions({ endToEndId: 'E1' })).toHaveLength(1);
    expect(safe.duplicateRefusals()).toHaveLength(1);
    const dangerous = bank({ duplicateHandling: 'execute_again' }).b;
    dangerous.accept([t('E1')]);
    dangerous.accept([t('E1')]);
    expect(dangerous.executions({ payoutId: 'p-E1' }).map((x) => x.occurrence)).toEqual([0, 1]);
    expect(balance(dangerous)).toBe(98_000n);
  });

  it('settles pending transfers at their own simulated time, reserving funds meanwhile; "not found" while young', () => {
    const { b, clock } = bank({
      behaviour: {
        transaction: { success: 0, pendingThenSuccess: 1 },
        pendingDelayMs: { min: 60_000, max: 60_000 },
        query: { notFoundWhileProcessingMs: 10_000 },
      },
    });
    b.accept([t('P1', 30_000n)]);
    expect(b.status('P1').kind).toBe('not_found');
    expect(b.accountList()[0]).toMatchObject({ balanceMinor: 100_000n, reservedMinor: 30_000n });
    expect(b.accept([t('P2', 80_000n)])[0]?.reasonCode).toBe('AM04'); // reserved money is not available
    clock.advance(20_000);
    expect(b.status('P1')).toMatchObject({ kind: 'found', report: 'pending' });
    clock.advance(3_600_000);
    expect(b.status('P1')).toMatchObject({ kind: 'found', report: 'succeeded' });
    const booked = b.executions({ endToEndId: 'P1' })[0];
    expect(booked?.bookedAt).toBe(new Date('2026-01-05T02:01:00Z').getTime());
    expect(b.accountList()[0]).toMatchObject({ balanceMinor: 70_000n, reservedMinor: 0n });
  });

  it('fails pending transfers with a reason and releases the reservation', () => {
    const { b, clock } = bank({
      behaviour: {
        transaction: { success: 0, pendingThenFailure: 1 },
        failureReasons: [{ code: 'AB05', weight: 1 }],
        pendingDelayMs: { min: 1_000, max: 1_000 },
      },
    });
    b.accept([t('P1', 30_000n)]);
    clock.advance(2_000);
    expect(b.status('P1')).toMatchObject({ kind: 'found', report: 'failed', transfer: { reasonCode: 'AB05' } });
    expect(b.accountList()[0]).toMatchObject({ balanceMinor: 100_000n, reservedMinor: 0n });
    expect(b.executions()).toHaveLength(0);
  });

  it('returns executed transfers days later as a credit with the reason, on the right statement', () => {
    const { b, clock } = bank({ returns: { rate: 1, afterDays: { min: 2, max: 2 }, reasons: [{ code: 'AC04', weight: 1 }] } });
    b.accept([t('R1', 10_000n)]);
    expect(balance(b)).toBe(90_000n);
    clock.advance(2 * 86_400_000);
    expect(b.status('R1')).toMatchObject({ kind: 'found', report: 'returned' });
    expect(balance(b)).toBe(100_000n);
    clock.advance(86_400_000);
    const s = b.statement(DEBTOR, '2026-01-07');
    expect(s.kind).toBe('ok');
    if (s.kind === 'ok') {
      expect(s.data.entries).toMatchObject([{ kind: 'return', amountMinor: 10_000n, endToEndId: 'R1', reasonCode: 'AC04' }]);
      expect(s.data.openingMinor).toBe(90_000n);
      expect(s.data.closingMinor).toBe(100_000n);
      expect(s.data.sequence).toBe(3);
    }
  });

  it('serves a statement only from statement time on the next business day, and statements chain', () => {
    const { b, clock } = bank({ statementTime: '10:00' });
    b.accept([t('E1', 1_000n)]);
    b.credit(DEBTOR, 5_000n, 'TOPUP');
    // Friday 2026-01-09 → next business day Monday 2026-01-12 10:00 Shanghai (02:00Z).
    clock.set(new Date('2026-01-09T03:00:00Z'));
    b.accept([t('E2', 2_000n)]);
    expect(b.statement(DEBTOR, '2026-01-09')).toEqual({ kind: 'not_yet_available', availableAt: new Date('2026-01-12T02:00:00Z') });
    clock.set(new Date('2026-01-12T02:00:00Z'));
    const mon = b.statement(DEBTOR, '2026-01-05');
    const fri = b.statement(DEBTOR, '2026-01-09');
    expect(mon.kind === 'ok' && fri.kind === 'ok').toBe(true);
    if (mon.kind === 'ok' && fri.kind === 'ok') {
      expect(mon.data.entries.map((e) => [e.kind, e.amountMinor])).toEqual([
        ['payout', -1_000n],
        ['funding', 5_000n],
      ]);
      expect(mon.data.closingMinor).toBe(104_000n);
      expect(fri.data.openingMinor).toBe(mon.data.closingMinor); // nothing booked in between
      expect(fri.data.closingMinor).toBe(102_000n);
      expect(fri.data.sequence - mon.data.sequence).toBe(4);
    }
    expect(b.statement('NOPE', '2026-01-05').kind).toBe('no_such_account');
    expect(b.statement(DEBTOR, '2026-01-04').kind).toBe('before_opening');
  });

  it('is deterministic per (seed, bank, end-to-end id): order of arrival does not matter', () => {
    const mixed: Partial<SimBankConfigInput> = {
      behaviour: {
        request: { ok: 1, timeoutAfterExecution: 1, http5xx: 1 },
        transaction: { success: 1, pendingThenSuccess: 1, pendingThenFailure: 1, reject: 1, unrecognisedStatus: 1 },
        rejectReasons: [
          { code: 'AC01', weight: 1 },
          { code: 'AC04', weight: 1 },
        ],
      },
      accounts: [{ account: DEBTOR, openingBalanceMinor: '100000000' }],
    };
    const ids = Array.from({ length: 40 }, (_, i) => `E${i}`);
    const describeRun = (seed: string, order: string[]): string[] => {
      const { b } = bank(mixed, seed);
      const req = new Map(order.map((id) => [id, b.requestBehaviour([id])]));
      for (const id of order) b.accept([t(id)]);
      return ids.map((id) => {
        const x = b.allTransfers({ endToEndId: id })[0];
        return `${id}:${req.get(id)}:${x?.behaviour}:${x?.state}:${x?.reasonCode}:${x?.bankReference}`;
      });
    };
    const forward = describeRun('s1', ids);
    expect(describeRun('s1', [...ids].reverse())).toEqual(forward);
    expect(describeRun('s2', ids)).not.toEqual(forward);
    expect(new Set(forward.map((s) => s.split(':')[2])).size).toBe(5);
  });

  it('scripts override the dice for one end-to-end id; outages apply per operation in simulated time', () => {
    const { b, clock } = bank({ outages: [{ operation: 'query', from: '2026-01-05T03:00:00Z', to: '2026-01-05T04:00:00Z' }] });
    b.script('S1', 'timeoutAfterExecution');
    b.script('S2', 'reject');
    expect(b.requestBehaviour(['X', 'S1'])).toBe('timeoutAfterExecution');
    expect(b.accept([t('S2')])[0]?.report).toBe('rejected');
    expect(b.outageFor('query')).toBeUndefined();
    clock.advance(3_600_000);
    expect(b.outageFor('query')).toBe('http_503');
    expect(b.outageFor('submit')).toBeUndefined();
    clock.advance(3_600_000);
    expect(b.outageFor('query')).toBeUndefined();
  });
});
