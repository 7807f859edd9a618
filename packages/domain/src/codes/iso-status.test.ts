import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ISO_STATUS_CODES, classifyIsoStatus } from './iso-status.ts';

describe('classifyIsoStatus', () => {
  it.each([
    ['RCVD', 'in_progress'],
    ['ACTC', 'in_progress'],
    ['ACCP', 'in_progress'],
    ['ACFC', 'in_progress'],
    ['ACSP', 'in_progress'],
    ['ACWC', 'in_progress'],
    ['ACWP', 'in_progress'],
    ['PDNG', 'in_progress'],
    ['PATC', 'in_progress'],
    ['ACSC', 'succeeded'],
    ['ACCC', 'succeeded'],
    ['RJCT', 'failed'],
    ['CANC', 'failed'],
    ['BLCK', 'manual'],
  ] as const)('%s → %s', (code, outcome) => {
    expect(classifyIsoStatus(code)).toBe(outcome);
  });

  it.each([
    'PART',
    ' ACSC',
    'ACSC ',
    'acsc',
    'Rjct',
    'RJCT\n',
    '',
    'SYSTEMERROR',
    'NOT_FOUND',
    'UNKNOW',
    'constructor',
    '__proto__',
    'toString',
  ])('maps %j to unknown, never failed', (code) => {
    expect(classifyIsoStatus(code)).toBe('unknown');
  });

  it('maps non-strings from bad data to unknown', () => {
    expect(classifyIsoStatus(undefined as unknown as string)).toBe('unknown');
    expect(classifyIsoStatus(null as unknown as string)).toBe('unknown');
  });

  it('property: every random status string not in the table maps to unknown', () => {
    const anyString = fc.oneof(
      fc.string({ maxLength: 8 }),
      fc.stringMatching(/^[A-Z]{4}$/),
      fc.constantFrom(...ISO_STATUS_CODES.keys()).map((c) => ` ${c}`),
      fc.constantFrom(...ISO_STATUS_CODES.keys()).map((c) => c.toLowerCase()),
    );
    fc.assert(
      fc.property(anyString, (code) => {
        const outcome = classifyIsoStatus(code);
        if (ISO_STATUS_CODES.has(code)) expect(outcome).toBe(ISO_STATUS_CODES.get(code)?.outcome);
        else expect(outcome).toBe('unknown');
      }),
      { numRuns: 2000 },
    );
  });
});
