import { describe, expect, it } from 'vitest';
import { isoTransactionOutcome } from './iso-status.mapper.ts';

const tx = (status: string | undefined, reasonCode?: string) => ({
  endToEndId: 'E1',
  status,
  reasonCode,
  reasonText: undefined,
  bankReference: 'REF',
  settlementDate: '2026-01-05',
  acceptedAt: undefined,
});

describe('ISO transaction status → outcome', () => {
  it.each([
    ['RCVD', 'accepted'],
    ['ACTC', 'accepted'],
    ['ACCP', 'accepted'],
    ['ACSP', 'pending'],
    ['PDNG', 'pending'],
    ['ACWC', 'pending'],
    ['ACSC', 'succeeded'],
    ['ACCC', 'succeeded'],
    ['RJCT', 'rejected'],
    ['CANC', 'rejected'],
  ])('%s → %s', (status, kind) => {
    expect(isoTransactionOutcome(tx(status, 'AC04')).kind).toBe(kind);
  });

  it('maps the reason through the domain table', () => {
    expect(isoTransactionOutcome(tx('RJCT', 'AM04'))).toMatchObject({
      kind: 'rejected',
      code: 'AM04',
      reason: { class: 'insufficient_funds', permitsNewAttempt: true },
    });
    expect(isoTransactionOutcome(tx('ACSC'))).toMatchObject({ kind: 'succeeded', bankReference: 'REF', bookedOn: '2026-01-05' });
  });

  it('never turns a status it does not know into a failure', () => {
    expect(isoTransactionOutcome(tx('PNDG'))).toMatchObject({ kind: 'unknown', cause: 'unrecognised_status', bankStatus: 'PNDG' });
    expect(isoTransactionOutcome(tx('PART'))).toMatchObject({ kind: 'unknown', cause: 'unrecognised_status' });
    expect(isoTransactionOutcome(tx(undefined))).toMatchObject({ kind: 'unknown', cause: 'unparseable' });
    expect(isoTransactionOutcome(tx('BLCK'))).toMatchObject({ kind: 'unknown', cause: 'blocked' });
  });
});
