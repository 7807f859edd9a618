import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classifyReason } from '@payout/domain';
import { isPayoutError } from '@payout/domain';
import { ATTEMPT_STATES, type AttemptState } from '@payout/domain';
import { transitionAttempt } from '../state/attempt-transitions.ts';
import { DEFAULT_MAX_ATTEMPTS, decideNewAttempt, type AttemptFact } from './new-attempt.decision.ts';

const failed = (reasonCode?: string): AttemptFact => ({ state: 'failed', reasonCode });

describe('decideNewAttempt', () => {
  it('allows the first attempt', () => {
    expect(decideNewAttempt([])).toEqual({ allowed: true, preferOtherChannel: false });
  });

  it.each(['sending', 'accepted', 'pending', 'unknown'] as const)('an earlier %s attempt blocks', (state) => {
    expect(decideNewAttempt([{ state }])).toMatchObject({ allowed: false, code: 'PAYOUT_E_ATTEMPT_LIVE' });
    expect(decideNewAttempt([failed('AB05'), { state }])).toMatchObject({ allowed: false, code: 'PAYOUT_E_ATTEMPT_LIVE' });
  });

  it('an unreadable attempt state blocks (bad data never opens the door)', () => {
    expect(decideNewAttempt([{ state: 'lost' as AttemptState }])).toMatchObject({ allowed: false, code: 'PAYOUT_E_ATTEMPT_LIVE' });
  });

  it('any succeeded attempt blocks, whatever else happened', () => {
    expect(decideNewAttempt([{ state: 'succeeded' }])).toMatchObject({ allowed: false, code: 'PAYOUT_E_ALREADY_SUCCEEDED' });
    expect(decideNewAttempt([failed('AB05'), { state: 'succeeded' }, { state: 'unknown' }])).toMatchObject({
      code: 'PAYOUT_E_ALREADY_SUCCEEDED',
    });
  });

  it.each(['AB03', 'AB05', 'AB06', 'AB07', 'AB08', 'AB09', 'AB10', 'TM01', 'AM04', 'R01'])(
    'failed with %s permits a new attempt',
    (code) => {
      expect(decideNewAttempt([failed(code)])).toEqual({ allowed: true, preferOtherChannel: false });
    },
  );

  it('failed with AM02 (over a channel limit) permits one on another channel', () => {
    expect(decideNewAttempt([failed('AM02')])).toEqual({ allowed: true, preferOtherChannel: true });
    expect(decideNewAttempt([failed('AM02'), failed('AB05')])).toEqual({ allowed: true, preferOtherChannel: true });
  });

  it.each(['AC01', 'AC04', 'BE04', 'RC01', 'R03', 'AM05', 'DUPL', 'R24', 'MS03', 'NARR', 'XX99', ' AB05', 'ab05', '', undefined])(
    'failed with %j forbids a new attempt',
    (code) => {
      const d = decideNewAttempt([failed(code)]);
      expect(d).toMatchObject({ allowed: false, code: 'PAYOUT_E_REASON_FORBIDS_RETRY' });
      // an earlier forbidding failure is never "forgotten" by later permitting ones
      expect(decideNewAttempt([failed(code), failed('AB05')])).toMatchObject({ code: 'PAYOUT_E_REASON_FORBIDS_RETRY' });
    },
  );

  it('bounds the number of attempts', () => {
    const three = [failed('AB05'), failed('TM01'), failed('AB06')];
    expect(DEFAULT_MAX_ATTEMPTS).toBe(3);
    expect(decideNewAttempt(three)).toMatchObject({ allowed: false, code: 'PAYOUT_E_RETRY_LIMIT' });
    expect(decideNewAttempt(three, { maxAttempts: 4 })).toMatchObject({ allowed: true });
    expect(decideNewAttempt([], { maxAttempts: 1 })).toMatchObject({ allowed: true });
    expect(decideNewAttempt([failed('AB05')], { maxAttempts: 1 })).toMatchObject({ code: 'PAYOUT_E_RETRY_LIMIT' });
  });

  it.each([0, -1, 1.5, Number.NaN])('refuses maxAttempts %s', (maxAttempts) => {
    try {
      decideNewAttempt([], { maxAttempts });
      expect.unreachable();
    } catch (e) {
      expect(isPayoutError(e) && e.code).toBe('PAYOUT_E_CONFIG_INVALID');
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Property: simulate a payout's life — bank evidence moving attempts through the attempt
// state machine, interleaved with "may we send again?" calls that create a new attempt
// whenever the rule allows. No sequence may ever create an attempt while an earlier one is
// not definitively failed with a reason that permits a new instruction.
// ---------------------------------------------------------------------------------------------

const REASONS = [
  'AB03',
  'AB05',
  'AB08',
  'TM01',
  'AM02',
  'AM04',
  'R01', // permit
  'AC01',
  'AC04',
  'BE04',
  'RC01',
  'R02',
  'R03', // data errors
  'AM05',
  'DUPL',
  'R24', // duplicates
  'MS02',
  'MS03',
  'NARR', // other
  'ZZ01',
  ' AB05',
  'ab05', // unrecognised
];

type Command =
  | { readonly kind: 'evidence'; readonly pick: number; readonly to: AttemptState; readonly reason: string | undefined }
  | { readonly kind: 'decide'; readonly maxAttempts: number };

const command: fc.Arbitrary<Command> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('evidence' as const),
      pick: fc.nat(),
      to: fc.constantFrom(...ATTEMPT_STATES),
      reason: fc.option(fc.oneof(fc.constantFrom(...REASONS), fc.string({ maxLength: 5 })), { nil: undefined }),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('decide' as const), maxAttempts: fc.integer({ min: 1, max: 6 }) }) },
);

describe('no double payout (property)', () => {
  it('never creates an attempt while an earlier one is not definitively failed', () => {
    fc.assert(
      fc.property(fc.array(command, { maxLength: 80 }), (commands) => {
        const attempts: { state: AttemptState; reasonCode: string | undefined }[] = [];
        for (const c of commands) {
          if (c.kind === 'evidence') {
            if (attempts.length === 0) continue;
            const a = attempts[c.pick % attempts.length];
            if (a === undefined) continue;
            const r = transitionAttempt(a.state, c.to);
            if (r.ok) {
              // evidence may carry a reason code in any state (e.g. PDNG with a reason), so
              // the rule cannot lean on "only failed attempts have reasons"
              a.state = r.to;
              a.reasonCode = c.reason;
            }
          } else {
            const d = decideNewAttempt(attempts, { maxAttempts: c.maxAttempts });
            if (d.allowed) {
              // the rule's own promise, checked independently of its implementation
              for (const earlier of attempts) {
                expect(earlier.state).toBe('failed');
                expect(classifyReason(earlier.reasonCode).permitsNewAttempt).toBe(true);
              }
              expect(attempts.length).toBeLessThan(c.maxAttempts);
              attempts.push({ state: 'sending', reasonCode: undefined });
            }
          }
          // invariant at every step: at most one attempt that is not definitively failed
          expect(attempts.filter((a) => a.state !== 'failed').length).toBeLessThanOrEqual(1);
          // a succeeded attempt is always the last one ever created
          const s = attempts.findIndex((a) => a.state === 'succeeded');
          if (s !== -1) expect(s).toBe(attempts.length - 1);
        }
      }),
      { numRuns: 1000 },
    );
  });
});
