import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { matchLines, StatementMatcher, type AttemptMatch } from './match.ts';
import { attempt, line } from '@payout/test-kit/match-builders';

const kindOf = (m: AttemptMatch | undefined): string | undefined => m?.kind;

describe('matchLines — by reference', () => {
  it('matches a booked debit by EndToEndId', () => {
    const a = attempt({ attemptId: '1' });
    const r = matchLines([a], [line({ lineId: 'L1', endToEndId: 'E2E-1' })]);
    const m = r.byAttempt.get('1');
    expect(m?.kind).toBe('reference');
    if (m?.kind !== 'reference') return;
    expect(m.by).toBe('end_to_end_id');
    expect(m.bookedDebits.map((l) => l.lineId)).toEqual(['L1']);
    expect(r.exceptions).toEqual([]);
  });

  it('matches by UETR (case-insensitive) when the EndToEndId is absent or names nobody', () => {
    const a = attempt({ attemptId: '1', uetr: 'eb6305c9-1f7f-49de-aed0-16487c27b42d' });
    const r = matchLines([a], [line({ lineId: 'L1', endToEndId: 'NOTOURS', uetr: 'EB6305C9-1F7F-49DE-AED0-16487C27B42D' })]);
    const m = r.byAttempt.get('1');
    expect(m?.kind === 'reference' && m.by).toBe('uetr');
  });

  it('prefers the EndToEndId over the UETR when they name different attempts', () => {
    const a = attempt({ attemptId: '1' });
    const b = attempt({ attemptId: '2', uetr: '11111111-1111-4111-8111-111111111111' });
    const r = matchLines([a, b], [line({ lineId: 'L1', endToEndId: 'E2E-1', uetr: '11111111-1111-4111-8111-111111111111' })]);
    expect(kindOf(r.byAttempt.get('1'))).toBe('reference');
    expect(kindOf(r.byAttempt.get('2'))).toBe('none');
  });

  it('keeps pending debits apart from booked ones', () => {
    const r = matchLines([attempt({ attemptId: '1' })], [line({ lineId: 'L1', endToEndId: 'E2E-1', status: 'pending' })]);
    const m = r.byAttempt.get('1');
    expect(m?.kind === 'reference' && [m.bookedDebits.length, m.pendingDebits.length]).toEqual([0, 1]);
  });

  it('reports a second booked debit for the same attempt as a duplicate execution', () => {
    const r = matchLines(
      [attempt({ attemptId: '1' })],
      [line({ lineId: 'L1', endToEndId: 'E2E-1' }), line({ lineId: 'L2', endToEndId: 'E2E-1', bookingDate: '2026-03-03' })],
    );
    const m = r.byAttempt.get('1');
    expect(m?.kind === 'reference' && m.bookedDebits.length).toBe(2);
    expect(r.exceptions).toMatchObject([{ kind: 'duplicate_debit', attemptId: '1', line: { lineId: 'L2' } }]);
  });

  it('reports a referenced debit whose amount differs', () => {
    const r = matchLines([attempt({ attemptId: '1' })], [line({ lineId: 'L1', endToEndId: 'E2E-1', amountMinor: 9_999n })]);
    expect(r.exceptions).toMatchObject([{ kind: 'amount_mismatch', attemptId: '1', expectedMinor: 10_000n }]);
  });

  it('never uses a referenced debit as a fallback candidate for another attempt', () => {
    const a = attempt({ attemptId: '1' });
    const b = attempt({ attemptId: '2', beneficiaryAccount: a.beneficiaryAccount });
    const r = matchLines([a, b], [line({ lineId: 'L1', endToEndId: 'E2E-1', counterpartyAccount: a.beneficiaryAccount })]);
    expect(kindOf(r.byAttempt.get('2'))).toBe('none');
  });
});

describe('matchLines — fallback by amount, counterparty and date window', () => {
  const a = attempt({ attemptId: '1', sentOn: '2026-03-02' });
  const cp = { counterpartyAccount: a.beneficiaryAccount };

  it('matches a unique debit with the same amount, account, counterparty and date in the window', () => {
    const r = matchLines([a], [line({ lineId: 'L1', ...cp, bookingDate: '2026-03-03' })]);
    const m = r.byAttempt.get('1');
    expect(m?.kind === 'fallback' && m.debit.lineId).toBe('L1');
    expect(r.exceptions).toEqual([]);
    expect(r.stats.fallbackMatched).toBe(1);
  });

  it('matches on the counterparty name when the line has no account, ignoring case and spacing', () => {
    const r = matchLines([a], [line({ lineId: 'L1', counterpartyName: '  beneficiary   1 ' })]);
    expect(kindOf(r.byAttempt.get('1'))).toBe('fallback');
  });

  it('matches an IBAN against the domestic account number it ends with', () => {
    const x = attempt({ attemptId: '1', beneficiaryAccount: 'DE44 5001 0517 5407 3249 31' });
    const r = matchLines([x], [line({ lineId: 'L1', counterpartyAccount: '5407324931' })]);
    expect(kindOf(r.byAttempt.get('1'))).toBe('fallback');
  });

  it.each([
    ['a different counterparty account', { counterpartyAccount: 'NL02ABNA0123456789' }],
    ['no counterparty at all', {}],
    ['a different amount', { ...cp, amountMinor: 10_001n }],
    ['a different currency', { ...cp, currency: 'USD' }],
    ['a different funding account', { ...cp, accountId: 'DE02120300000000202051' }],
    ['a booking date before sending', { ...cp, bookingDate: '2026-03-01' }],
    ['a booking date after the window', { ...cp, bookingDate: '2026-03-08' }],
  ])('does not match a debit with %s; the debit is an exception', (_what, over) => {
    const r = matchLines([a], [line({ lineId: 'L1', ...over })]);
    expect(kindOf(r.byAttempt.get('1'))).toBe('none');
    expect(r.exceptions).toMatchObject([{ kind: 'unmatched_debit', line: { lineId: 'L1' } }]);
  });

  it('never matches pending, info, credit or reversal lines by fallback', () => {
    const r = matchLines(
      [a],
      [
        line({ lineId: 'P', ...cp, status: 'pending' }),
        line({ lineId: 'I', ...cp, status: 'info' }),
        line({ lineId: 'C', ...cp, direction: 'credit' }),
        line({ lineId: 'R', ...cp, reversal: true }),
      ],
    );
    expect(kindOf(r.byAttempt.get('1'))).toBe('none');
  });

  it('two candidate debits for one attempt → ambiguous with both, and neither is an exception', () => {
    const r = matchLines([a], [line({ lineId: 'L1', ...cp }), line({ lineId: 'L2', ...cp, bookingDate: '2026-03-04' })]);
    const m = r.byAttempt.get('1');
    expect(m?.kind).toBe('ambiguous');
    if (m?.kind !== 'ambiguous') return;
    expect(m.candidates.map((c) => c.lineId)).toEqual(['L1', 'L2']);
    expect(r.exceptions).toEqual([]);
    expect([...r.claimedLineIds].sort()).toEqual(['L1', 'L2']);
  });

  it('one debit that two attempts could be → both ambiguous, each naming the other', () => {
    const b = attempt({ attemptId: '2', beneficiaryAccount: a.beneficiaryAccount, sentOn: '2026-03-01' });
    const r = matchLines([a, b], [line({ lineId: 'L1', ...cp })]);
    expect(r.byAttempt.get('1')).toMatchObject({ kind: 'ambiguous', competingAttemptIds: ['2'] });
    expect(r.byAttempt.get('2')).toMatchObject({ kind: 'ambiguous', competingAttemptIds: ['1'] });
  });

  it('an attempt with a referenced return but no debit can still find its debit by fallback', () => {
    const r = matchLines(
      [a],
      [
        line({ lineId: 'D', ...cp }),
        line({ lineId: 'R', direction: 'credit', isReturn: true, returnCode: 'AC04', endToEndId: 'E2E-1', bookingDate: '2026-03-04' }),
      ],
    );
    const m = r.byAttempt.get('1');
    expect(m?.kind === 'reference' && [m.bookedDebits.map((l) => l.lineId), m.returns.map((l) => l.lineId)]).toEqual([['D'], ['R']]);
  });
});

describe('matchLines — returns and known attempts', () => {
  const known = {
    attemptId: 'K',
    payoutId: 'PK',
    attemptState: 'succeeded',
    payoutStatus: 'succeeded',
    amount: { amountMinor: 10_000n, currency: 'EUR' },
  } as const;

  it('puts a return credit naming an unresolved attempt with that attempt', () => {
    const r = matchLines(
      [attempt({ attemptId: '1' })],
      [line({ lineId: 'R', direction: 'credit', isReturn: true, returnCode: 'AC04', endToEndId: 'E2E-1' })],
    );
    const m = r.byAttempt.get('1');
    expect(m?.kind === 'reference' && m.returns.map((l) => l.lineId)).toEqual(['R']);
  });

  it('treats a reversal credit naming the attempt as a return', () => {
    const r = matchLines([attempt({ attemptId: '1' })], [line({ lineId: 'R', direction: 'credit', reversal: true, endToEndId: 'E2E-1' })]);
    const m = r.byAttempt.get('1');
    expect(m?.kind === 'reference' && m.returns.length).toBe(1);
  });

  it('lists a return for an already resolved payout as a known return', () => {
    const r = matchLines([], [line({ lineId: 'R', direction: 'credit', isReturn: true, returnCode: 'R03', knownAttempt: known })]);
    expect(r.knownReturns.map((k) => [k.line.lineId, k.attempt.payoutId])).toEqual([['R', 'PK']]);
  });

  it('reports a return it cannot link', () => {
    const r = matchLines([], [line({ lineId: 'R', direction: 'credit', isReturn: true, returnCode: 'AC04', endToEndId: 'UNKNOWN' })]);
    expect(r.exceptions).toMatchObject([{ kind: 'unlinked_return', line: { lineId: 'R' } }]);
  });

  it('ignores ordinary credits (funding) and a debit for an attempt already known as succeeded', () => {
    const r = matchLines([], [line({ lineId: 'F', direction: 'credit' }), line({ lineId: 'D', knownAttempt: known })]);
    expect(r.exceptions).toEqual([]);
    expect(r.stats.knownDebits).toBe(1);
  });

  it('flags a debit for an attempt we recorded as failed', () => {
    const r = matchLines([], [line({ lineId: 'D', knownAttempt: { ...known, attemptState: 'failed', payoutStatus: 'failed' } })]);
    expect(r.exceptions).toMatchObject([{ kind: 'debit_for_failed_attempt', attemptId: 'K', payoutId: 'PK' }]);
  });

  it('refuses lines after finish', () => {
    const m = new StatementMatcher([]);
    m.finish();
    expect(() => m.add(line({ lineId: 'x' }))).toThrow(/after finish/);
  });
});

describe('matchLines — properties', () => {
  const accounts = ['ACC1', 'ACC2'];
  const cps = ['CP1', 'CP2', 'CP3'];
  const dates = ['2026-03-02', '2026-03-03', '2026-03-04', '2026-03-09'];
  const attemptArb = fc.record({
    amount: fc.constantFrom(100n, 200n, 300n),
    account: fc.constantFrom(...accounts),
    cp: fc.constantFrom(...cps),
    sentOn: fc.constantFrom(...dates),
    uetr: fc.boolean(),
  });
  const lineArb = fc.record({
    ref: fc.option(fc.nat({ max: 12 }), { nil: undefined }),
    amount: fc.constantFrom(100n, 200n, 300n),
    account: fc.constantFrom(...accounts),
    cp: fc.option(fc.constantFrom(...cps), { nil: undefined }),
    date: fc.constantFrom(...dates),
    direction: fc.constantFrom('debit', 'credit'),
    status: fc.constantFrom('booked', 'booked', 'pending'),
    isReturn: fc.boolean(),
  });

  it('accounts for every booked debit exactly once and only pairs uniquely', () => {
    fc.assert(
      fc.property(fc.array(attemptArb, { maxLength: 10 }), fc.array(lineArb, { maxLength: 30 }), (as, ls) => {
        const attempts = as.map((x, i) =>
          attempt({
            attemptId: String(i),
            amount: { amountMinor: x.amount, currency: 'EUR' },
            debtorAccount: x.account,
            beneficiaryAccount: x.cp,
            beneficiaryName: undefined,
            sentOn: x.sentOn,
          }),
        );
        const lines = ls.map((x, i) =>
          line({
            lineId: `L${i}`,
            endToEndId: x.ref === undefined ? undefined : `E2E-${x.ref}`,
            amountMinor: x.amount,
            accountId: x.account,
            counterpartyAccount: x.cp,
            bookingDate: x.date,
            direction: x.direction,
            status: x.status,
            isReturn: x.direction === 'credit' && x.isReturn,
          }),
        );
        const r = matchLines(attempts, lines);
        const referenced = new Set<string>();
        const fallback = new Map<string, string>();
        for (const [id, m] of r.byAttempt) {
          if (m.kind === 'reference') for (const l of [...m.bookedDebits, ...m.pendingDebits, ...m.returns]) referenced.add(l.lineId);
          if (m.kind === 'fallback') {
            expect(fallback.has(m.debit.lineId)).toBe(false);
            fallback.set(m.debit.lineId, id);
          }
        }
        const excepted = new Set(r.exceptions.filter((e) => e.kind === 'unmatched_debit').map((e) => e.line.lineId));
        for (const l of lines) {
          if (l.direction !== 'debit' || l.status !== 'booked') continue;
          const inMatch = referenced.has(l.lineId) || r.claimedLineIds.has(l.lineId);
          expect(inMatch).not.toBe(excepted.has(l.lineId));
        }
        expect(r.byAttempt.size).toBe(attempts.length);
      }),
      { numRuns: 300 },
    );
  });
});
