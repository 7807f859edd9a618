import { describe, expect, it } from 'vitest';
import { cnRecordOutcome } from './cn-status.mapper.ts';

const rec = (status: string, errorCode?: string) => ({
  outBizNo: 'E1',
  status,
  bankSerialNo: 'S1',
  errorCode,
  errorMsg: undefined,
  bookDate: '2026-01-05',
});

describe('CN status words and error codes → outcome', () => {
  it.each([
    ['ACCEPTED', 'accepted'],
    ['已受理', 'accepted'],
    ['PROCESSING', 'pending'],
    ['处理中', 'pending'],
    ['SUCCESS', 'succeeded'],
    ['交易成功', 'succeeded'],
  ])('%s → %s', (word, kind) => {
    expect(cnRecordOutcome(rec(word)).kind).toBe(kind);
  });

  it('maps the bank’s failure codes into ISO reasons (both spellings)', () => {
    expect(cnRecordOutcome(rec('FAIL', 'ACCOUNT_CLOSED'))).toMatchObject({
      kind: 'rejected',
      code: 'AC04',
      bankCode: 'ACCOUNT_CLOSED',
      reason: { class: 'data_error' },
    });
    expect(cnRecordOutcome(rec('交易失败', 'E2002'))).toMatchObject({
      kind: 'rejected',
      code: 'AM04',
      reason: { class: 'insufficient_funds' },
    });
    expect(cnRecordOutcome(rec('FAIL', 'DUPLICATE_ORDER'))).toMatchObject({
      kind: 'rejected',
      code: 'DUPL',
      reason: { class: 'duplicate' },
    });
  });

  it('keeps a FAIL that may be a system error, or that carries an unknown code, unknown', () => {
    expect(cnRecordOutcome(rec('FAIL', 'SYSTEM_ERROR'))).toMatchObject({ kind: 'unknown', cause: 'bank_system_error' });
    expect(cnRecordOutcome(rec('FAIL', 'E9ZZ'))).toMatchObject({ kind: 'unknown', cause: 'unrecognised_reason' });
    expect(cnRecordOutcome(rec('FAIL'))).toMatchObject({ kind: 'unknown', cause: 'unrecognised_reason' });
    expect(cnRecordOutcome(rec('WAIT_CONFIRM'))).toMatchObject({
      kind: 'unknown',
      cause: 'unrecognised_status',
      bankStatus: 'WAIT_CONFIRM',
    });
  });

  it('reports 退票 / REFUND as returned with the reason', () => {
    expect(cnRecordOutcome(rec('退票', 'ACCOUNT_CLOSED'))).toMatchObject({ kind: 'returned', code: 'AC04', bankReference: 'S1' });
    expect(cnRecordOutcome(rec('REFUND', 'E9ZZ'))).toMatchObject({ kind: 'returned', reason: { class: 'unrecognised' } });
  });
});
