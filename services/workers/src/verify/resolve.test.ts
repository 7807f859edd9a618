import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { BankVerdict } from './bank-verdict.ts';
import type { PeriodCoverage } from './coverage.ts';
import type { AttemptMatch } from '@payout/statements';
import { needsBankQuery, resolveAttempt, type AttemptCoverage, type ResolveInput } from './resolve.ts';
import { attempt, line } from './test-support/builders.ts';

const complete = (from: string, through: string): PeriodCoverage => ({ kind: 'complete', from, through, statementRowIds: ['S1', 'S2'] });
const incomplete: PeriodCoverage = { kind: 'incomplete', from: '2026-03-02', through: '2026-03-03', reason: '1 statement(s) missing' };
const notDue: PeriodCoverage = { kind: 'not_due', from: '2026-03-02', through: '2026-03-03', waitingFor: '2026-03-03' };
const full: AttemptCoverage = { sendDay: complete('2026-03-02', '2026-03-02'), throughDayAfter: complete('2026-03-02', '2026-03-03') };
const rejected: BankVerdict = { kind: 'not_executed', reasonCode: 'AB05', detail: 'bank reports RJCT AB05' };
const notFound: BankVerdict = { kind: 'not_executed', reasonCode: undefined, detail: 'bank has no record' };
const ambiguous: BankVerdict = { kind: 'not_found_ambiguous', detail: 'not found (may be processing)' };
const none: AttemptMatch = { kind: 'none' };

const input = (over: Partial<ResolveInput> = {}): ResolveInput => ({
  attempt: attempt({ attemptId: '1' }),
  match: none,
  coverage: full,
  verdict: rejected,
  canDefer: true,
  ...over,
});
const ref = (over: Partial<Extract<AttemptMatch, { kind: 'reference' }>> = {}): AttemptMatch => ({
  kind: 'reference',
  by: 'end_to_end_id',
  bookedDebits: [],
  pendingDebits: [],
  returns: [],
  ...over,
});

describe('resolveAttempt — a matched booked debit', () => {
  it('→ succeeded with the line as evidence', () => {
    const r = resolveAttempt(
      input({
        match: ref({ bookedDebits: [line({ lineId: 'L1', endToEndId: 'E2E-1' })] }),
        coverage: { sendDay: incomplete, throughDayAfter: incomplete },
      }),
    );
    expect(r).toMatchObject({ kind: 'succeeded', via: 'end_to_end_id', evidence: { lineId: 'L1' }, returned: undefined });
  });

  it('→ succeeded then returned when the same statements carry its return', () => {
    const r = resolveAttempt(
      input({
        match: ref({
          bookedDebits: [line({ lineId: 'L1' })],
          returns: [line({ lineId: 'R1', direction: 'credit', isReturn: true, returnCode: 'AC04' })],
        }),
      }),
    );
    expect(r).toMatchObject({ kind: 'succeeded', returned: { line: { lineId: 'R1' }, code: 'AC04' } });
  });

  it('a return without its debit still proves execution', () => {
    const r = resolveAttempt(
      input({ match: ref({ returns: [line({ lineId: 'R1', direction: 'credit', isReturn: true, returnCode: 'R03' })] }) }),
    );
    expect(r).toMatchObject({ kind: 'succeeded', via: 'return', returned: { code: 'R03' } });
  });

  it('uses the debit with the right amount when the bank booked a wrong one too', () => {
    const r = resolveAttempt(input({ match: ref({ bookedDebits: [line({ lineId: 'BAD', amountMinor: 1n }), line({ lineId: 'OK' })] }) }));
    expect(r).toMatchObject({ kind: 'succeeded', evidence: { lineId: 'OK' } });
  });

  it('→ manual_review when the only referenced debit has another amount', () => {
    const r = resolveAttempt(input({ match: ref({ bookedDebits: [line({ lineId: 'L1', amountMinor: 9_000n })] }) }));
    expect(r).toMatchObject({ kind: 'manual_review', candidates: [{ lineId: 'L1' }] });
  });

  it('→ succeeded on a unique fallback match', () => {
    expect(resolveAttempt(input({ match: { kind: 'fallback', debit: line({ lineId: 'F' }) } }))).toMatchObject({
      kind: 'succeeded',
      via: 'fallback',
    });
  });

  it('moves a manual_review payout on a referenced debit, and a processing one only on a referenced debit', () => {
    const debit = ref({ bookedDebits: [line({ lineId: 'L1' })] });
    expect(resolveAttempt(input({ attempt: attempt({ attemptId: '1', payoutStatus: 'manual_review' }), match: debit })).kind).toBe(
      'succeeded',
    );
    expect(resolveAttempt(input({ attempt: attempt({ attemptId: '1', payoutStatus: 'processing' }), match: debit })).kind).toBe(
      'succeeded',
    );
    expect(
      resolveAttempt(
        input({
          attempt: attempt({ attemptId: '1', payoutStatus: 'processing' }),
          match: { kind: 'fallback', debit: line({ lineId: 'F' }) },
        }),
      ).kind,
    ).toBe('unchanged');
  });
});

describe('resolveAttempt — no debit', () => {
  it('→ failed with the bank reason when the period is complete and the bank rejected it', () => {
    expect(resolveAttempt(input())).toMatchObject({ kind: 'failed', reasonCode: 'AB05', statementRowIds: ['S1', 'S2'] });
  });

  it('→ failed when the bank definitively has no record, even before the day-after statement is out', () => {
    const r = resolveAttempt(input({ verdict: notFound, coverage: { sendDay: full.sendDay, throughDayAfter: notDue } }));
    expect(r).toMatchObject({ kind: 'failed', reasonCode: undefined });
  });

  it('an ambiguous "not found" waits for the day-after statement, then fails', () => {
    expect(resolveAttempt(input({ verdict: ambiguous, coverage: { sendDay: full.sendDay, throughDayAfter: notDue } }))).toMatchObject({
      kind: 'defer',
      waitingFor: '2026-03-03',
    });
    expect(resolveAttempt(input({ verdict: ambiguous }))).toMatchObject({ kind: 'failed' });
  });

  it.each<[string, AttemptCoverage]>([
    ['the send day is incomplete', { sendDay: incomplete, throughDayAfter: incomplete }],
    ['the day after is incomplete', { sendDay: full.sendDay, throughDayAfter: incomplete }],
  ])('never fails when %s → manual_review', (_what, coverage) => {
    for (const verdict of [rejected, notFound, ambiguous]) {
      const r = resolveAttempt(input({ coverage, verdict }));
      expect(r.kind).toBe('manual_review');
    }
  });

  it.each<[BankVerdict['kind'], BankVerdict, string]>([
    ['executed', { kind: 'executed', detail: 'bank reports ACSC' }, 'manual_review'],
    ['in_progress', { kind: 'in_progress', detail: 'bank reports PDNG' }, 'manual_review'],
    ['unknown', { kind: 'unknown', detail: 'query answer unknown (timeout)' }, 'defer'],
    ['not_asked', { kind: 'not_asked' }, 'defer'],
  ])('with a complete period and the bank saying %s → %s', (_k, verdict, expected) => {
    expect(resolveAttempt(input({ verdict })).kind).toBe(expected);
  });

  it('waits for the day after when the bank says executed or in progress and that statement is not out yet', () => {
    const coverage = { sendDay: full.sendDay, throughDayAfter: notDue };
    expect(resolveAttempt(input({ coverage, verdict: { kind: 'executed', detail: 'ACSC' } })).kind).toBe('defer');
    expect(resolveAttempt(input({ coverage, verdict: { kind: 'in_progress', detail: 'ACSP' } })).kind).toBe('defer');
  });

  it('goes to manual_review instead of deferring once it may not wait any longer', () => {
    const r = resolveAttempt(input({ verdict: { kind: 'unknown', detail: 'x' }, canDefer: false }));
    expect(r).toMatchObject({ kind: 'manual_review', reason: expect.stringMatching(/gave up waiting/) as unknown });
  });

  it('a pending debit on the statement defers', () => {
    expect(resolveAttempt(input({ match: ref({ pendingDebits: [line({ lineId: 'P', status: 'pending' })] }) })).kind).toBe('defer');
  });

  it('ambiguous candidates → manual_review with the candidates attached', () => {
    const candidates = [line({ lineId: 'A' }), line({ lineId: 'B' })].map((l) => ({ ...l }));
    const r = resolveAttempt(input({ match: { kind: 'ambiguous', candidates, competingAttemptIds: ['2'] } }));
    expect(r).toMatchObject({ kind: 'manual_review', candidates: [{ lineId: 'A' }, { lineId: 'B' }], competingAttemptIds: ['2'] });
  });

  it('leaves processing and manual_review payouts alone without positive evidence', () => {
    for (const payoutStatus of ['processing', 'manual_review'] as const) {
      const r = resolveAttempt(input({ attempt: attempt({ attemptId: '1', payoutStatus }) }));
      expect(r.kind).toBe('unchanged');
    }
  });
});

describe('needsBankQuery', () => {
  it('asks only for awaiting payouts with no debit whose send day is complete', () => {
    const a = attempt({ attemptId: '1' });
    expect(needsBankQuery(a, none, full)).toBe(true);
    expect(needsBankQuery(a, none, { sendDay: incomplete, throughDayAfter: incomplete })).toBe(false);
    expect(needsBankQuery(a, ref({ bookedDebits: [line({ lineId: 'L' })] }), full)).toBe(false);
    expect(needsBankQuery(attempt({ attemptId: '1', payoutStatus: 'manual_review' }), none, full)).toBe(false);
  });
});

describe('resolveAttempt — the invariant', () => {
  const coverageArb = fc.constantFrom<PeriodCoverage>(complete('2026-03-02', '2026-03-02'), incomplete, notDue);
  const verdictArb = fc.constantFrom<BankVerdict>(
    rejected,
    notFound,
    ambiguous,
    { kind: 'executed', detail: 'x' },
    { kind: 'in_progress', detail: 'x' },
    { kind: 'unknown', detail: 'x' },
    { kind: 'not_asked' },
  );
  const matchArb = fc.constantFrom<AttemptMatch>(
    none,
    ref(),
    ref({ bookedDebits: [line({ lineId: 'D' })] }),
    ref({ pendingDebits: [line({ lineId: 'P', status: 'pending' })] }),
    ref({ returns: [line({ lineId: 'R', direction: 'credit', isReturn: true })] }),
    { kind: 'fallback', debit: line({ lineId: 'F' }) },
    { kind: 'ambiguous', candidates: [], competingAttemptIds: [] },
  );
  const statusArb = fc.constantFrom('awaiting_verification', 'manual_review', 'processing' as const);

  it('never calls a payout failed unless no debit, a complete period and the bank confirming not executed', () => {
    fc.assert(
      fc.property(
        matchArb,
        coverageArb,
        coverageArb,
        verdictArb,
        fc.boolean(),
        statusArb,
        (match, sendDay, throughDayAfter, verdict, canDefer, payoutStatus) => {
          const r = resolveAttempt({
            attempt: attempt({ attemptId: '1', payoutStatus }),
            match,
            coverage: { sendDay, throughDayAfter },
            verdict,
            canDefer,
          });
          if (r.kind === 'failed') {
            expect(payoutStatus).toBe('awaiting_verification');
            expect(sendDay.kind).toBe('complete');
            expect(throughDayAfter.kind).not.toBe('incomplete');
            expect(['not_executed', 'not_found_ambiguous']).toContain(verdict.kind);
            if (verdict.kind === 'not_found_ambiguous') expect(throughDayAfter.kind).toBe('complete');
            expect(
              match.kind === 'none' ||
                (match.kind === 'reference' && match.bookedDebits.length + match.pendingDebits.length + match.returns.length === 0),
            ).toBe(true);
          }
          if (r.kind === 'defer') expect(canDefer).toBe(true);
          if (payoutStatus !== 'awaiting_verification') expect(['succeeded', 'unchanged']).toContain(r.kind);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
