import { isPayoutError } from '@payout/domain';
import { describe, expect, it } from 'vitest';
import type { PostingEntry } from './posting.ts';
import { buildPosting } from './posting.builder.ts';
import { postingFingerprint, postingFromJson, postingToJson } from './posting-json.ts';

const cause = { kind: 'adjustment', reference: 'r1', reason: 'test' } as const;
const at = new Date('2026-09-30T08:00:00Z');
const e = (kind: PostingEntry['account']['kind'], currency: string, amountMinor: bigint): PostingEntry => ({
  account: { fundingAccountId: 'A', kind },
  currency,
  amountMinor,
});

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    return isPayoutError(err) ? err.code : 'not a PayoutError';
  }
  return undefined;
}

describe('buildPosting', () => {
  it('builds a balanced posting and freezes it', () => {
    const p = buildPosting({
      id: 'x',
      cause,
      effectiveAt: at,
      entries: [e('cash_reserved', 'CNY', 100n), e('cash_available', 'CNY', -100n)],
    });
    expect(p.journalId).toBe('x');
    expect(p.effectiveAt).toBe('2026-09-30T08:00:00.000Z');
    expect(Object.isFrozen(p) && Object.isFrozen(p.entries) && Object.isFrozen(p.entries[0])).toBe(true);
  });

  it('balances per currency, not in total', () => {
    const ok = buildPosting({
      id: 'fx',
      cause,
      effectiveAt: at,
      entries: [
        e('cash_available', 'CNY', 700n),
        e('funding_clearing', 'CNY', -700n),
        e('funding_clearing', 'USD', 100n),
        e('cash_available', 'USD', -100n),
      ],
    });
    expect(ok.entries).toHaveLength(4);
    // Sums to zero overall, but not per currency: refused.
    expect(
      codeOf(() =>
        buildPosting({ id: 'bad', cause, effectiveAt: at, entries: [e('cash_available', 'CNY', 100n), e('cash_available', 'USD', -100n)] }),
      ),
    ).toBe('PAYOUT_E_LEDGER_UNBALANCED');
  });

  it('refuses unbalanced, single-entry and zero-entry postings', () => {
    expect(
      codeOf(() =>
        buildPosting({ id: 'u', cause, effectiveAt: at, entries: [e('cash_available', 'CNY', 100n), e('cash_reserved', 'CNY', -99n)] }),
      ),
    ).toBe('PAYOUT_E_LEDGER_UNBALANCED');
    expect(codeOf(() => buildPosting({ id: 'one', cause, effectiveAt: at, entries: [e('cash_available', 'CNY', 0n)] }))).toBe(
      'PAYOUT_E_LEDGER_UNBALANCED',
    );
    expect(
      codeOf(() =>
        buildPosting({ id: 'z', cause, effectiveAt: at, entries: [e('cash_available', 'CNY', 0n), e('cash_reserved', 'CNY', 0n)] }),
      ),
    ).toBe('PAYOUT_E_LEDGER_UNBALANCED');
  });

  it('refuses floats, unknown currencies, unknown accounts and bad times', () => {
    const float = {
      account: { fundingAccountId: 'A', kind: 'cash_available' },
      currency: 'CNY',
      amountMinor: 1.5,
    } as unknown as PostingEntry;
    expect(codeOf(() => buildPosting({ id: 'f', cause, effectiveAt: at, entries: [float, e('cash_reserved', 'CNY', -1n)] }))).toBe(
      'PAYOUT_E_INVALID_AMOUNT',
    );
    expect(
      codeOf(() =>
        buildPosting({ id: 'c', cause, effectiveAt: at, entries: [e('cash_available', 'XYZ', 1n), e('cash_reserved', 'XYZ', -1n)] }),
      ),
    ).toBe('PAYOUT_E_UNKNOWN_CURRENCY');
    const badKind = { account: { fundingAccountId: 'A', kind: 'cash' }, currency: 'CNY', amountMinor: 1n } as unknown as PostingEntry;
    expect(codeOf(() => buildPosting({ id: 'k', cause, effectiveAt: at, entries: [badKind, e('cash_reserved', 'CNY', -1n)] }))).toBe(
      'PAYOUT_E_VALIDATION',
    );
    expect(
      codeOf(() =>
        buildPosting({
          id: 't',
          cause,
          effectiveAt: '2026-09-30',
          entries: [e('cash_available', 'CNY', 1n), e('cash_reserved', 'CNY', -1n)],
        }),
      ),
    ).toBe('PAYOUT_E_VALIDATION');
    expect(
      codeOf(() =>
        buildPosting({
          id: 'b',
          cause,
          effectiveAt: at,
          bookingDate: '2026-02-30',
          entries: [e('cash_available', 'CNY', 1n), e('cash_reserved', 'CNY', -1n)],
        }),
      ),
    ).toBe('PAYOUT_E_VALIDATION');
  });

  it('round-trips through JSON with amounts as strings, exactly', () => {
    const big = 123_456_789_012_345_678_901n;
    const p = buildPosting({
      id: 'j',
      cause,
      effectiveAt: at,
      bookingDate: '2026-09-30',
      entries: [e('cash_available', 'CNY', big), e('statement_adjustments', 'CNY', -big)],
    });
    const text = JSON.stringify(postingToJson(p));
    expect(text).toContain('"amountMinor":"123456789012345678901"');
    expect(text).not.toMatch(/"amountMinor":\d/);
    const back = postingFromJson(JSON.parse(text));
    expect(back).toEqual(p);
    expect(postingFingerprint(back)).toBe(postingFingerprint(p));
    expect(codeOf(() => postingFromJson({ ...JSON.parse(text), entries: [{ ...postingToJson(p).entries[0], amountMinor: 1 }] }))).toBe(
      'PAYOUT_E_INVALID_AMOUNT',
    );
  });
});
