import { describe, expect, it } from 'vitest';
import type { Statement, StatementHeader, StatementLine } from '../statement.model.ts';
import { checkContinuity } from './continuity.ts';
import { checkSequence } from './sequence.ts';

const header = (over: Partial<StatementHeader> = {}): StatementHeader => ({
  format: 'camt053',
  version: 'camt.053.001.08',
  index: 0,
  messageId: undefined,
  statementId: 'S',
  account: { id: 'NL20INGB0001234567', scheme: 'iban', servicerBic: undefined },
  currency: 'EUR',
  sequence: { electronic: '10', legal: undefined, page: undefined, lastPage: undefined },
  creationDateTime: undefined,
  period: { from: undefined, to: undefined },
  openingBalance: { amountMinor: 1000n, date: '2026-02-26', type: 'OPBD' },
  closingBalance: { amountMinor: 900n, date: '2026-02-27', type: 'CLBD' },
  additionalInfo: undefined,
  ...over,
});

const line = (amountMinor: bigint, direction: 'debit' | 'credit', status: StatementLine['status'] = 'booked'): StatementLine => ({
  index: 0,
  entryIndex: 0,
  batch: undefined,
  currency: 'EUR',
  amountMinor,
  direction,
  reversal: false,
  status,
  bookingDate: '2026-02-27',
  valueDate: '2026-02-27',
  bankReference: undefined,
  accountServicerReference: undefined,
  customerReference: undefined,
  endToEndId: undefined,
  uetr: undefined,
  instructionId: undefined,
  paymentInformationId: undefined,
  transactionId: undefined,
  mandateId: undefined,
  bankTransactionCode: undefined,
  returnReason: undefined,
  counterparty: undefined,
  remittanceInfo: undefined,
  additionalInfo: undefined,
  raw: '',
  location: 'line 1',
});

describe('checkContinuity', () => {
  it('opening + booked credits − booked debits = closing, pending lines ignored', () => {
    const s: Statement = {
      ...header(),
      lines: [line(300n, 'debit'), line(200n, 'credit'), line(999n, 'debit', 'pending'), line(5n, 'debit', 'info')],
    };
    expect(checkContinuity(s)).toEqual({ kind: 'ok', openingMinor: 1000n, closingMinor: 900n, creditsMinor: 200n, debitsMinor: 300n });
  });

  it('reports the exact difference', () => {
    const s: Statement = { ...header(), lines: [line(301n, 'debit'), line(200n, 'credit')] };
    expect(checkContinuity(s)).toEqual({
      kind: 'mismatch',
      openingMinor: 1000n,
      closingMinor: 900n,
      creditsMinor: 200n,
      debitsMinor: 301n,
      expectedClosingMinor: 899n,
      differenceMinor: 1n,
    });
  });

  it('says when balances are missing instead of guessing', () => {
    expect(checkContinuity({ ...header({ openingBalance: undefined }), lines: [] })).toEqual({
      kind: 'not_applicable',
      reason: 'no_opening_balance',
    });
    expect(checkContinuity({ ...header({ openingBalance: undefined, closingBalance: undefined }), lines: [] })).toEqual({
      kind: 'not_applicable',
      reason: 'no_balances',
    });
  });
});

describe('checkSequence', () => {
  const next = (over: Partial<StatementHeader> = {}): StatementHeader =>
    header({
      sequence: { electronic: '11', legal: undefined, page: undefined, lastPage: undefined },
      openingBalance: { amountMinor: 900n, date: '2026-02-27', type: 'OPBD' },
      ...over,
    });

  it('is continuous when the balance chains and the number follows', () => {
    expect(checkSequence(header(), next())).toEqual({ kind: 'continuous', sequenceChecked: true });
  });

  it('reports a missing statement by number and by balance', () => {
    const r = checkSequence(
      header(),
      next({
        sequence: { electronic: '13', legal: undefined, page: undefined, lastPage: undefined },
        openingBalance: { amountMinor: 750n, date: '2026-02-28', type: 'OPBD' },
      }),
    );
    expect(r).toEqual({
      kind: 'broken',
      breaks: [
        { kind: 'sequence_gap', numbering: 'electronic', previous: '10', next: '13', missing: 2n },
        { kind: 'balance_gap', previousClosingMinor: 900n, nextOpeningMinor: 750n, differenceMinor: -150n },
      ],
    });
  });

  it('treats a repeated statement as a break, and an other account as a break', () => {
    expect(
      checkSequence(header(), next({ sequence: { electronic: '10', legal: undefined, page: undefined, lastPage: undefined } })),
    ).toMatchObject({
      kind: 'broken',
      breaks: [{ kind: 'sequence_gap', missing: -1n }],
    });
    expect(checkSequence(header(), next({ account: { id: 'OTHER', scheme: 'other', servicerBic: undefined } }))).toMatchObject({
      kind: 'broken',
      breaks: [{ kind: 'account_changed' }],
    });
  });

  it('follows pages of one statement and notices pages that never came', () => {
    const p1 = header({ sequence: { electronic: '5', legal: undefined, page: 1, lastPage: false } });
    const p2 = next({ sequence: { electronic: '5', legal: undefined, page: 2, lastPage: true } });
    expect(checkSequence(p1, p2)).toEqual({ kind: 'continuous', sequenceChecked: true });
    const p3 = next({ sequence: { electronic: '5', legal: undefined, page: 3, lastPage: true } });
    expect(checkSequence(p1, p3)).toMatchObject({ kind: 'broken', breaks: [{ kind: 'page_gap', previousPage: 1, nextPage: 3 }] });
    const after = next({ sequence: { electronic: '6', legal: undefined, page: 1, lastPage: true } });
    expect(checkSequence(p1, after)).toMatchObject({ kind: 'broken', breaks: [{ kind: 'page_gap', nextPage: 0 }] });
  });

  it('is unverifiable without balances, and checks balances alone without numbers', () => {
    expect(checkSequence(header({ closingBalance: undefined }), next())).toEqual({ kind: 'unverifiable', reason: 'no_previous_closing' });
    const noNumbers = { electronic: undefined, legal: undefined, page: undefined, lastPage: undefined };
    expect(checkSequence(header({ sequence: noNumbers }), next({ sequence: noNumbers }))).toEqual({
      kind: 'continuous',
      sequenceChecked: false,
    });
  });
});
