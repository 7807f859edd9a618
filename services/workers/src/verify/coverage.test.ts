import { describe, expect, it } from 'vitest';
import { assessPeriod, type PeriodRequest } from './coverage.ts';
import { dailyChain } from './test-support/builders.ts';
import type { StoredStatement } from './verify.model.ts';

const ACC = 'DE89370400440532013000';
const req = (from: string, through: string, availableThrough = '2026-03-10'): PeriodRequest => ({
  accountId: ACC,
  currency: 'EUR',
  from,
  through,
  availableThrough,
});

describe('assessPeriod', () => {
  const chain = dailyChain('2026-03-01', 6); // 03-01 … 03-06, seq 1–6

  it('is complete when every day is there, adds up and chains', () => {
    const r = assessPeriod(chain, req('2026-03-02', '2026-03-03'));
    expect(r).toMatchObject({ kind: 'complete', statementRowIds: ['ST1', 'ST2'] });
  });

  it('ignores statements of other accounts and currencies', () => {
    const others = dailyChain('2026-03-01', 6, { account: 'OTHER' }).map((s) => ({ ...s, statementRowId: `X${s.statementRowId}` }));
    expect(assessPeriod([...others, ...chain], req('2026-03-02', '2026-03-02')).kind).toBe('complete');
    expect(assessPeriod(chain, { ...req('2026-03-02', '2026-03-02'), currency: 'USD' }).kind).toBe('incomplete');
  });

  it('is incomplete when the statement of a day in the period is missing', () => {
    const holed = chain.filter((s) => s.statementDate !== '2026-03-03');
    const r = assessPeriod(holed, req('2026-03-02', '2026-03-04'));
    expect(r.kind).toBe('incomplete');
    expect(r.kind === 'incomplete' && r.reason).toMatch(/missing|statement/);
  });

  it('is incomplete when the first day of the period has no statement and nothing proves none was issued', () => {
    const noSeq = chain.map((s) => ({ ...s, electronicSequence: undefined })).filter((s) => s.statementDate !== '2026-03-02');
    expect(assessPeriod(noSeq, req('2026-03-02', '2026-03-03')).kind).toBe('incomplete');
  });

  it('accepts a day without a statement when the sequence numbers prove none was issued (bank skips weekends)', () => {
    const st = (date: string, seq: string, opening: bigint, closing: bigint): StoredStatement => ({
      statementRowId: date,
      accountId: ACC,
      currency: 'EUR',
      statementId: `S-${date}`,
      statementDate: date,
      electronicSequence: seq,
      legalSequence: undefined,
      page: undefined,
      lastPage: undefined,
      openingMinor: opening,
      closingMinor: closing,
      balanceCheck: 'ok',
    });
    const skip = [st('2026-03-01', '1', 1000n, 900n), st('2026-03-03', '2', 900n, 800n), st('2026-03-04', '3', 800n, 700n)];
    expect(assessPeriod(skip, req('2026-03-02', '2026-03-03'))).toMatchObject({ kind: 'complete', statementRowIds: ['2026-03-03'] });
    const unnumbered = skip.map((s) => ({ ...s, electronicSequence: undefined }));
    expect(assessPeriod(unnumbered, req('2026-03-02', '2026-03-03')).kind).toBe('incomplete');
  });

  it('is incomplete on a sequence gap even when balances happen to chain', () => {
    const gap = chain.map((s) => (s.statementDate === '2026-03-03' ? { ...s, electronicSequence: '9' } : s));
    const r = assessPeriod(gap, req('2026-03-02', '2026-03-03'));
    expect(r.kind === 'incomplete' && r.reason).toMatch(/missing between electronic numbers 2 and 9/);
  });

  it('is incomplete when an opening balance does not continue the previous closing', () => {
    const broken = chain.map((s) => (s.statementDate === '2026-03-03' ? { ...s, openingMinor: (s.openingMinor ?? 0n) + 1n } : s));
    const r = assessPeriod(broken, req('2026-03-02', '2026-03-03'));
    expect(r.kind === 'incomplete' && r.reason).toMatch(/opening balance differs/);
  });

  it('is incomplete when a statement in the period does not add up or lacks balances', () => {
    const bad = chain.map((s) => (s.statementDate === '2026-03-02' ? { ...s, balanceCheck: 'mismatch' as const } : s));
    expect(assessPeriod(bad, req('2026-03-02', '2026-03-02')).kind).toBe('incomplete');
    const na = chain.map((s) => (s.statementDate === '2026-03-02' ? { ...s, balanceCheck: 'not_applicable' as const } : s));
    expect(assessPeriod(na, req('2026-03-02', '2026-03-02')).kind).toBe('incomplete');
  });

  it('is incomplete when the last statement announces more pages', () => {
    const paged = chain.map((s) => (s.statementDate === '2026-03-02' ? { ...s, page: 1, lastPage: false } : s));
    expect(assessPeriod(paged, req('2026-03-02', '2026-03-02')).kind).toBe('incomplete');
  });

  it('is not_due when the period runs past the latest statement that is out', () => {
    const r = assessPeriod(chain, req('2026-03-05', '2026-03-07', '2026-03-06'));
    expect(r).toMatchObject({ kind: 'not_due', waitingFor: '2026-03-07' });
  });

  it('prefers incomplete over not_due when a due statement is already missing', () => {
    const holed = chain.filter((s) => s.statementDate !== '2026-03-05');
    expect(assessPeriod(holed, req('2026-03-05', '2026-03-07', '2026-03-06')).kind).toBe('incomplete');
  });

  it('is incomplete with no statements at all, and for an empty period', () => {
    expect(assessPeriod([], req('2026-03-02', '2026-03-02')).kind).toBe('incomplete');
    expect(assessPeriod(chain, req('2026-03-03', '2026-03-02')).kind).toBe('incomplete');
  });

  it('does not care about the order statements come in', () => {
    const shuffled = [...chain].reverse();
    expect(assessPeriod(shuffled, req('2026-03-02', '2026-03-04')).kind).toBe('complete');
  });
});
