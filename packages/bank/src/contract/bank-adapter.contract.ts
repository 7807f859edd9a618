import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { money, type BankAccountRef } from '@payout/domain';
import { getCalendar, localDateIn, zonedDateTimeToInstant } from '@payout/calendar';
import type { BankAdapter } from '../bank-adapter.port.ts';
import type { BankBeneficiary, PaymentInstruction } from '../bank-instruction.ts';
import type { QueryOutcome, SubmitOutcome } from '../bank-outcome.ts';

/** Behaviours a contract subject must be able to force for one end-to-end id. */
export type ContractScript = 'timeout_after_execution' | 'unrecognised_status' | 'pending_then_success';

/**
 * What the contract suite needs besides the adapter: accounts that exist at the bank, a way
 * to force a behaviour, the bank's ground truth, and its clock.
 */
export interface BankAdapterContractSubject {
  readonly adapter: BankAdapter;
  /** A funded account of ours at this bank. */
  readonly debtorAccount: BankAccountRef;
  /** The n-th beneficiary the bank will pay. */
  beneficiary(n: number): BankBeneficiary;
  /** A beneficiary whose account the bank refuses as closed (AC04). */
  readonly closedBeneficiary: BankBeneficiary;
  script(endToEndId: string, behaviour: ContractScript): Promise<void>;
  /** How many times the bank moved money for this end-to-end id. */
  executions(endToEndId: string): Promise<number>;
  /** Move the bank's (simulated) clock forward. */
  advance(ms: number): Promise<void>;
  now(): Promise<Date>;
  close(): Promise<void>;
}

const DEFINITE_REJECTION = new Set(['rejected']);

/**
 * Registers the contract every BankAdapter must honour, as vitest tests. Run it against each
 * dialect (with a real simulator behind it) and the in-memory fake:
 *
 * @example
 *   bankAdapterContract('cn-json adapter', async () => ({ adapter, debtorAccount, … }));
 */
export function bankAdapterContract(name: string, makeSubject: () => Promise<BankAdapterContractSubject>): void {
  describe(`BankAdapter contract: ${name}`, () => {
    let s: BankAdapterContractSubject;
    let n = 0;
    const signal = (): AbortSignal => AbortSignal.timeout(10_000);
    const run = `${Date.now().toString(36).toUpperCase()}${Math.floor(Math.random() * 1e6)
      .toString(36)
      .toUpperCase()}`;
    const nextId = (): string => `CT-${run}-${++n}`;

    const instruction = (overrides: Partial<PaymentInstruction> = {}): PaymentInstruction => {
      const e2e = overrides.endToEndId ?? nextId();
      return {
        endToEndId: e2e,
        payoutId: `payout-${e2e}`,
        amount: money(12_345n, s.adapter.profile.currency),
        debtorAccount: s.debtorAccount,
        beneficiary: s.beneficiary(n),
        remittanceInfo: 'contract test',
        requestedExecutionDate: '2026-01-05',
        ...overrides,
      };
    };

    const queryUntil = async (e2e: string, done: (o: QueryOutcome) => boolean, steps = 12): Promise<QueryOutcome> => {
      let last: QueryOutcome | undefined;
      for (let i = 0; i < steps; i++) {
        last = await s.adapter.query({ endToEndId: e2e }, signal());
        if (done(last)) return last;
        await s.advance(60_000);
      }
      if (last === undefined) throw new Error('no query made');
      return last;
    };

    beforeAll(async () => {
      s = await makeSubject();
    });
    afterAll(async () => {
      await s.close();
    });

    it('declares a usable profile that matches the methods it offers', () => {
      const p = s.adapter.profile;
      expect(p.bankId).toMatch(/\S/);
      expect(p.statementTime).toMatch(/^([01]\d|2[0-3]):[0-5]\d$/);
      expect(p.limits.perPayout.currency).toBe(p.currency);
      expect(p.limits.perPayout.amountMinor).toBeGreaterThan(0n);
      expect(p.rateLimits.queryPerSecond).toBeGreaterThan(0);
      expect(p.pollSchedule.stepsMs.length).toBeGreaterThan(0);
      expect(p.maxBatchSize).toBeGreaterThanOrEqual(1);
      expect(typeof s.adapter.submitBatch === 'function').toBe(p.supportsBatchSubmit);
      expect(typeof s.adapter.queryBatch === 'function').toBe(p.supportsBatchQuery);
    });

    it('takes a valid instruction, reports it in progress or done, and later succeeded with a bank reference', async () => {
      const i = instruction();
      const out = await s.adapter.submit(i, signal());
      expect(out.endToEndId).toBe(i.endToEndId);
      expect(['accepted', 'pending', 'succeeded']).toContain(out.kind);
      const final = await queryUntil(i.endToEndId, (o) => o.kind === 'succeeded');
      expect(final).toMatchObject({ kind: 'succeeded', endToEndId: i.endToEndId });
      if (final.kind === 'succeeded') expect(final.bankReference.length).toBeGreaterThan(0);
      expect(await s.executions(i.endToEndId)).toBe(1);
    });

    it('answers "not found" for an id it never saw, saying whether that may mean "still processing"', async () => {
      const out = await s.adapter.query({ endToEndId: nextId() }, signal());
      expect(out).toMatchObject({ kind: 'not_found', mayStillBeProcessing: s.adapter.profile.notFoundMeansProcessing });
    });

    it('handles a reused end-to-end id exactly as the profile declares', async () => {
      const i = instruction();
      expect(['accepted', 'pending', 'succeeded']).toContain((await s.adapter.submit(i, signal())).kind);
      const again = await s.adapter.submit(i, signal());
      if (s.adapter.profile.rejectsDuplicateEndToEndId) {
        expect(again.kind).toBe('rejected');
        if (again.kind === 'rejected') expect(again.reason.class).toBe('duplicate');
        expect(await s.executions(i.endToEndId)).toBe(1);
      } else {
        expect(['accepted', 'pending', 'succeeded']).toContain(again.kind);
        expect(await s.executions(i.endToEndId)).toBe(2);
      }
    });

    it('rejects a closed beneficiary with a data-error reason that forbids a new attempt, and executes nothing', async () => {
      const i = instruction({ beneficiary: s.closedBeneficiary });
      const out = await s.adapter.submit(i, signal());
      expect(out.kind).toBe('rejected');
      if (out.kind === 'rejected') {
        expect(out.code).toBe('AC04');
        expect(out.reason.class).toBe('data_error');
        expect(out.reason.permitsNewAttempt).toBe(false);
      }
      expect((await s.adapter.query({ endToEndId: i.endToEndId }, signal())).kind).toBe('rejected');
      expect(await s.executions(i.endToEndId)).toBe(0);
    });

    it('reports pending work as pending (or ambiguous not-found) until it settles', async () => {
      const i = instruction();
      await s.script(i.endToEndId, 'pending_then_success');
      const out = await s.adapter.submit(i, signal());
      expect(['accepted', 'pending']).toContain(out.kind);
      const first = await s.adapter.query({ endToEndId: i.endToEndId }, signal());
      if (first.kind === 'not_found') expect(first.mayStillBeProcessing).toBe(true);
      else expect(['accepted', 'pending', 'succeeded']).toContain(first.kind);
      expect((await queryUntil(i.endToEndId, (o) => o.kind === 'succeeded')).kind).toBe('succeeded');
    });

    it('turns an answer lost after execution into unknown — never rejected — while the bank did execute', async () => {
      const i = instruction();
      await s.script(i.endToEndId, 'timeout_after_execution');
      const out = await s.adapter.submit(i, AbortSignal.timeout(400));
      expect(out).toMatchObject({ kind: 'unknown', cause: 'timeout' });
      expect(await s.executions(i.endToEndId)).toBe(1);
      expect((await queryUntil(i.endToEndId, (o) => o.kind === 'succeeded')).kind).toBe('succeeded');
    });

    it('turns a status code it does not recognise into unknown', async () => {
      const i = instruction();
      await s.script(i.endToEndId, 'unrecognised_status');
      const out = await s.adapter.submit(i, signal());
      expect(out).toMatchObject({ kind: 'unknown', cause: 'unrecognised_status' });
    });

    it('never answers definitively for a call whose signal was already aborted', async () => {
      const i = instruction();
      const ac = new AbortController();
      ac.abort();
      const out: SubmitOutcome = await s.adapter.submit(i, ac.signal);
      expect(['unknown', 'not_sent']).toContain(out.kind);
      expect(DEFINITE_REJECTION.has(out.kind)).toBe(false);
      if (out.kind === 'not_sent') expect(await s.executions(i.endToEndId)).toBe(0);
    });

    it('submits a batch and answers each instruction in order', async (ctx) => {
      const submitBatch = s.adapter.submitBatch?.bind(s.adapter);
      if (submitBatch === undefined) return ctx.skip();
      const batch = [instruction(), instruction({ beneficiary: s.closedBeneficiary }), instruction()];
      const outs = await submitBatch(batch, signal());
      expect(outs.map((o) => o.endToEndId)).toEqual(batch.map((b) => b.endToEndId));
      expect(outs[1]?.kind).toBe('rejected');
      expect(['accepted', 'pending', 'succeeded']).toContain(outs[0]?.kind);
      expect(['accepted', 'pending', 'succeeded']).toContain(outs[2]?.kind);
    });

    it('queries a batch, answering not-found only for the unknown id', async (ctx) => {
      const queryBatch = s.adapter.queryBatch?.bind(s.adapter);
      if (queryBatch === undefined) return ctx.skip();
      const known = instruction();
      await s.adapter.submit(known, signal());
      const unknownId = nextId();
      const outs = await queryBatch([{ endToEndId: known.endToEndId }, { endToEndId: unknownId }], signal());
      expect(outs.map((o) => o.endToEndId)).toEqual([known.endToEndId, unknownId]);
      expect(outs[0]?.kind).not.toBe('not_found');
      expect(outs[1]?.kind).toBe('not_found');
    });

    it("serves a day's statement only from the statement time of the next business day, with the end-to-end id on it", async () => {
      const p = s.adapter.profile;
      const i = instruction();
      await s.adapter.submit(i, signal());
      await queryUntil(i.endToEndId, (o) => o.kind === 'succeeded');
      const now = await s.now();
      const date = localDateIn(now, p.timeZone);
      const early = await s.adapter.fetchStatement(s.debtorAccount, date, signal());
      expect(early.kind).toBe('not_yet_available');
      const availableAt = zonedDateTimeToInstant(getCalendar(p.calendar).nextBusinessDay(date), p.statementTime, p.timeZone);
      await s.advance(availableAt.getTime() - now.getTime() + 60_000);
      const stmt = await s.adapter.fetchStatement(s.debtorAccount, date, signal());
      expect(stmt.kind).toBe('available');
      if (stmt.kind === 'available') {
        expect(stmt.format).toBe(p.statementFormat);
        expect(stmt.date).toBe(date);
        expect(stmt.content).toContain(i.endToEndId);
      }
    });
  });
}
