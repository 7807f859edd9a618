import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classifyReason } from './classify-reason.ts';
import { ISO_REASON_CODES } from './iso-reason-codes.ts';
import { NACHA_RETURN_CODES } from './nacha-return-codes.ts';
import { classPermitsNewAttempt } from './reason-class.ts';

describe('classifyReason', () => {
  it.each(['AB03', 'AB05', 'AB06', 'AB07', 'AB08', 'AB09', 'AB10'])('%s is a bank timeout/abort: a new instruction is allowed', (code) => {
    expect(classifyReason(code)).toMatchObject({ code, class: 'retry_allowed', permitsNewAttempt: true });
  });

  it('TM01 → next cycle, AM02 → other channel, AM04 → after funding: all permit a new attempt', () => {
    expect(classifyReason('TM01')).toMatchObject({ class: 'retry_next_cycle', permitsNewAttempt: true });
    expect(classifyReason('AM02')).toMatchObject({ class: 'retry_other_channel', permitsNewAttempt: true });
    expect(classifyReason('AM04')).toMatchObject({ class: 'insufficient_funds', permitsNewAttempt: true });
  });

  it.each(['AC01', 'AC03', 'AC04', 'AC06', 'AC14', 'AG01', 'AG03', 'BE04', 'RC01', 'RR04'])(
    '%s is a data error: the payout ends',
    (code) => {
      expect(classifyReason(code)).toMatchObject({ code, class: 'data_error', permitsNewAttempt: false });
    },
  );

  it.each(['AM05', 'DUPL'])('%s is a duplicate: never a new attempt', (code) => {
    expect(classifyReason(code)).toMatchObject({ class: 'duplicate', permitsNewAttempt: false });
  });

  it.each(['MS02', 'MS03', 'NARR'])('%s is other: no new attempt', (code) => {
    expect(classifyReason(code)).toMatchObject({ class: 'other', permitsNewAttempt: false });
  });

  it.each([
    ['R01', 'insufficient_funds'],
    ['R02', 'data_error'],
    ['R03', 'data_error'],
    ['R04', 'data_error'],
    ['R06', 'other'],
    ['R16', 'data_error'],
    ['R17', 'data_error'],
    ['R20', 'data_error'],
    ['R23', 'data_error'],
    ['R24', 'duplicate'],
    ['R29', 'other'],
  ] as const)('Nacha %s → %s', (code, cls) => {
    const info = classifyReason(code);
    expect(info.class).toBe(cls);
    expect(info.permitsNewAttempt).toBe(classPermitsNewAttempt(cls));
    expect(info.description.length).toBeGreaterThan(0);
  });

  it.each([undefined, '', ' AC01', 'ac01', 'AC01 ', 'XXXX', 'R99', 'SYSTEMERROR', 'constructor'])(
    '%j is unrecognised and permits nothing',
    (code) => {
      expect(classifyReason(code)).toMatchObject({ class: 'unrecognised', permitsNewAttempt: false });
    },
  );

  it('tables are disjoint and well-formed', () => {
    for (const code of ISO_REASON_CODES.keys()) {
      expect(code).toMatch(/^[A-Z0-9]{4}$/);
      expect(NACHA_RETURN_CODES.has(code)).toBe(false);
    }
    for (const code of NACHA_RETURN_CODES.keys()) expect(code).toMatch(/^R[0-9]{2}$/);
  });

  it('only the four retry classes ever permit a new attempt', () => {
    for (const code of [...ISO_REASON_CODES.keys(), ...NACHA_RETURN_CODES.keys()]) {
      const info = classifyReason(code);
      const permitting = ['retry_allowed', 'retry_other_channel', 'retry_next_cycle', 'insufficient_funds'].includes(info.class);
      expect(info.permitsNewAttempt, code).toBe(permitting);
    }
  });

  it('property: every random reason not in the tables is unrecognised with permitsNewAttempt false', () => {
    const known = (c: string) => ISO_REASON_CODES.has(c) || NACHA_RETURN_CODES.has(c);
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ maxLength: 8 }), fc.stringMatching(/^[A-Z]{2}[0-9]{2}$/), fc.stringMatching(/^R[0-9]{2}$/)),
        (code) => {
          const info = classifyReason(code);
          if (known(code)) {
            expect(info.class).not.toBe('unrecognised');
          } else {
            expect(info).toMatchObject({ code, class: 'unrecognised', permitsNewAttempt: false });
          }
        },
      ),
      { numRuns: 2000 },
    );
  });
});
