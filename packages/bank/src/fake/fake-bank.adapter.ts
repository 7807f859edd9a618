import { classifyReason, formatAmountMinor, type BankAccountRef } from '@payout/domain';
import { getCalendar, localDateIn, zonedDateTimeToInstant } from '@payout/calendar';
import type { BankAdapter } from '../bank-adapter.port.ts';
import { assertValidBatch, assertValidInstruction, type PaymentInstruction, type QueryRef } from '../bank-instruction.ts';
import type {
  AcceptedOutcome,
  PendingOutcome,
  QueryOutcome,
  RejectedOutcome,
  StatementOutcome,
  SubmitOutcome,
  SucceededOutcome,
} from '../bank-outcome.ts';
import { abortCause } from '../http/http-exchange.ts';
import type { BankOperation, BankProfile } from '../profile/bank-profile.ts';
import { fakeBankProfile } from './fake-profile.ts';

/**
 * How the fake answers one submission:
 * - `succeed`: accepted now, succeeded from the next query on;
 * - `succeed_immediately`: succeeded in the submit answer;
 * - `pending`: pending for `queries` queries, then `then` (succeeded, or rejected with a code);
 * - `reject`: rejected at once with an ISO reason code, nothing executed;
 * - `timeout_before_execution` / `timeout_after_execution`: hangs until the caller's signal
 *   aborts — executing first in the "after" case;
 * - `http_5xx`: unknown (5xx), nothing executed; `unrecognised_status`: executed, but the
 *   answer carries a status code nobody knows; `connection_refused`: not_sent.
 */
export type FakeBehaviour =
  | { readonly kind: 'succeed' }
  | { readonly kind: 'succeed_immediately' }
  | { readonly kind: 'pending'; readonly queries: number; readonly then: 'succeeded' | { readonly rejectCode: string } }
  | { readonly kind: 'reject'; readonly code: string }
  | { readonly kind: 'timeout_before_execution' }
  | { readonly kind: 'timeout_after_execution' }
  | { readonly kind: 'http_5xx' }
  | { readonly kind: 'unrecognised_status' }
  | { readonly kind: 'connection_refused' };

/** One transfer the fake bank executed (money left the account). */
export interface FakeExecution {
  readonly endToEndId: string;
  readonly payoutId: string;
  readonly amountMinor: bigint;
  readonly debtorAccount: string;
  readonly beneficiaryName: string;
  readonly beneficiaryAccount: string;
  readonly at: Date;
}

export interface FakeCall {
  readonly operation: BankOperation;
  readonly at: Date;
  readonly endToEndIds: readonly string[];
}

/** The fake adapter plus its controls and ground truth. */
export interface FakeBank extends BankAdapter {
  /** Behaviour for submissions without a script (default `succeed`). */
  setDefault(behaviour: FakeBehaviour): void;
  /** Behaviour for one end-to-end id (wins over the default). */
  script(endToEndId: string, behaviour: FakeBehaviour): void;
  /** While on, every call of `operation` answers unknown (http_5xx) without touching state. */
  setOutage(operation: BankOperation, on: boolean): void;
  /** Fund an account. */
  credit(account: string, amountMinor: bigint): void;
  balance(account: string): bigint;
  executions(filter?: { readonly endToEndId?: string; readonly payoutId?: string }): readonly FakeExecution[];
  calls(operation?: BankOperation): readonly FakeCall[];
  now(): Date;
  advance(ms: number): void;
}

export interface FakeBankOptions {
  readonly profile?: Partial<BankProfile>;
  /** Start of the fake's clock (default 2026-01-05T02:00:00Z, a CN business day 10:00). */
  readonly startAt?: Date;
  /** Opening balance of any account the fake has not seen (default 1 000 000.00). */
  readonly openingBalanceMinor?: bigint;
  /** Beneficiary accounts the fake refuses as closed (AC04). */
  readonly closedAccounts?: readonly string[];
  /** Amounts above this fail with AM02 (a hidden per-transaction limit). */
  readonly hiddenLimitMinor?: bigint;
}

interface FakeTx {
  readonly instruction: PaymentInstruction;
  readonly behaviour: FakeBehaviour;
  state: 'accepted' | 'pending' | 'succeeded' | 'rejected';
  rejectCode: string | undefined;
  queriesLeft: number;
  bookedAt: Date | undefined;
  readonly reference: string;
}

/**
 * An in-memory bank for other packages' unit tests: deterministic, controllable, with ground
 * truth. It honours the same contract as the real adapters (bankAdapterContract runs on it).
 */
export function createFakeBank(options: FakeBankOptions = {}): FakeBank {
  const profile = fakeBankProfile(options.profile);
  const closed = new Set(options.closedAccounts ?? []);
  const opening = options.openingBalanceMinor ?? 100_000_000n;
  let clock = (options.startAt ?? new Date('2026-01-05T02:00:00Z')).getTime();
  let defaultBehaviour: FakeBehaviour = { kind: 'succeed' };
  const scripts = new Map<string, FakeBehaviour>();
  const outages = new Set<BankOperation>();
  const balances = new Map<string, bigint>();
  const txs = new Map<string, FakeTx[]>();
  const executed: FakeExecution[] = [];
  const calls: FakeCall[] = [];
  const ledger: { account: string; at: Date; amountMinor: bigint; endToEndId: string; counterparty: string }[] = [];
  let seq = 0;

  const balanceOf = (account: string): bigint => balances.get(account) ?? opening;

  function execute(tx: FakeTx): void {
    const i = tx.instruction;
    const at = new Date(clock);
    tx.state = 'succeeded';
    tx.bookedAt = at;
    balances.set(i.debtorAccount.accountNumber, balanceOf(i.debtorAccount.accountNumber) - i.amount.amountMinor);
    ledger.push({
      account: i.debtorAccount.accountNumber,
      at,
      amountMinor: -i.amount.amountMinor,
      endToEndId: i.endToEndId,
      counterparty: i.beneficiary.name,
    });
    executed.push({
      endToEndId: i.endToEndId,
      payoutId: i.payoutId,
      amountMinor: i.amount.amountMinor,
      debtorAccount: i.debtorAccount.accountNumber,
      beneficiaryName: i.beneficiary.name,
      beneficiaryAccount: i.beneficiary.account.accountNumber,
      at,
    });
  }

  const hang = (signal: AbortSignal): Promise<'timeout' | 'aborted'> =>
    new Promise((resolve) => {
      if (signal.aborted) resolve(abortCause(signal));
      else signal.addEventListener('abort', () => resolve(abortCause(signal)), { once: true });
    });

  function outcomeOf(tx: FakeTx): AcceptedOutcome | PendingOutcome | SucceededOutcome | RejectedOutcome {
    const e2e = tx.instruction.endToEndId;
    switch (tx.state) {
      case 'accepted':
        return { kind: 'accepted', endToEndId: e2e, bankStatus: 'ACCP', bankReference: tx.reference };
      case 'pending':
        return { kind: 'pending', endToEndId: e2e, bankStatus: 'ACSP', bankReference: tx.reference };
      case 'succeeded':
        return {
          kind: 'succeeded',
          endToEndId: e2e,
          bankStatus: 'ACSC',
          bankReference: tx.reference,
          bookedOn: tx.bookedAt === undefined ? undefined : localDateIn(tx.bookedAt, profile.timeZone),
        };
      case 'rejected': {
        const code = tx.rejectCode ?? 'NARR';
        return { kind: 'rejected', endToEndId: e2e, bankStatus: 'RJCT', code, reason: classifyReason(code) };
      }
    }
  }

  async function submitOne(i: PaymentInstruction, signal: AbortSignal): Promise<SubmitOutcome> {
    const e2e = i.endToEndId;
    if (signal.aborted)
      return { kind: 'not_sent', endToEndId: e2e, cause: 'aborted_before_send', detail: 'signal aborted before the call' };
    if (outages.has('submit')) return { kind: 'unknown', endToEndId: e2e, cause: 'http_5xx', detail: 'HTTP 503 (fake outage)' };
    const behaviour = scripts.get(e2e) ?? defaultBehaviour;
    if (behaviour.kind === 'connection_refused')
      return { kind: 'not_sent', endToEndId: e2e, cause: 'connection_refused', detail: 'ECONNREFUSED (fake)' };
    if (behaviour.kind === 'http_5xx') return { kind: 'unknown', endToEndId: e2e, cause: 'http_5xx', detail: 'HTTP 500 (fake)' };
    if (behaviour.kind === 'timeout_before_execution') {
      const cause = await hang(signal);
      return { kind: 'unknown', endToEndId: e2e, cause, detail: 'no answer (fake)' };
    }
    seq += 1;
    const tx: FakeTx = {
      instruction: i,
      behaviour,
      state: 'accepted',
      rejectCode: undefined,
      queriesLeft: 0,
      bookedAt: undefined,
      reference: `FAKE${String(seq).padStart(10, '0')}`,
    };
    const earlier = txs.get(e2e);
    if (earlier !== undefined && profile.rejectsDuplicateEndToEndId) {
      return { kind: 'rejected', endToEndId: e2e, bankStatus: 'RJCT', code: 'DUPL', reason: classifyReason('DUPL') };
    }
    txs.set(e2e, [...(earlier ?? []), tx]);
    const reject = (code: string): SubmitOutcome => {
      tx.state = 'rejected';
      tx.rejectCode = code;
      return outcomeOf(tx);
    };
    if (closed.has(i.beneficiary.account.accountNumber)) return reject('AC04');
    if (options.hiddenLimitMinor !== undefined && i.amount.amountMinor > options.hiddenLimitMinor) return reject('AM02');
    if (behaviour.kind === 'reject') return reject(behaviour.code);
    if (balanceOf(i.debtorAccount.accountNumber) < i.amount.amountMinor) return reject('AM04');
    switch (behaviour.kind) {
      case 'succeed':
        execute(tx);
        tx.state = 'accepted'; // executed, but the first answer only says accepted
        tx.queriesLeft = 0;
        return { kind: 'accepted', endToEndId: e2e, bankStatus: 'ACCP', bankReference: tx.reference };
      case 'succeed_immediately':
        execute(tx);
        return outcomeOf(tx);
      case 'pending':
        tx.state = 'pending';
        tx.queriesLeft = behaviour.queries;
        return outcomeOf(tx);
      case 'timeout_after_execution': {
        execute(tx);
        const cause = await hang(signal);
        return { kind: 'unknown', endToEndId: e2e, cause, detail: 'answer lost (fake)' };
      }
      case 'unrecognised_status':
        execute(tx);
        return { kind: 'unknown', endToEndId: e2e, cause: 'unrecognised_status', detail: 'status ZZZZ (fake)', bankStatus: 'ZZZZ' };
    }
  }

  function queryOne(ref: QueryRef): QueryOutcome {
    const e2e = ref.endToEndId;
    if (outages.has('query')) return { kind: 'unknown', endToEndId: e2e, cause: 'http_5xx', detail: 'HTTP 503 (fake outage)' };
    const list = txs.get(e2e);
    const tx = list?.[list.length - 1];
    if (tx === undefined) return { kind: 'not_found', endToEndId: e2e, mayStillBeProcessing: profile.notFoundMeansProcessing };
    if (tx.state === 'accepted' && tx.bookedAt !== undefined) tx.state = 'succeeded';
    if (tx.state === 'pending') {
      if (tx.queriesLeft > 0) tx.queriesLeft -= 1;
      else if (tx.behaviour.kind === 'pending') {
        const then = tx.behaviour.then;
        if (then === 'succeeded') execute(tx);
        else {
          tx.state = 'rejected';
          tx.rejectCode = then.rejectCode;
        }
      }
    }
    return outcomeOf(tx);
  }

  function statement(account: BankAccountRef, date: string): StatementOutcome {
    if (outages.has('statement')) return { kind: 'unknown', cause: 'http_5xx', detail: 'HTTP 503 (fake outage)' };
    const availableAt = zonedDateTimeToInstant(
      getCalendar(profile.calendar).nextBusinessDay(date),
      profile.statementTime,
      profile.timeZone,
    );
    if (clock < availableAt.getTime()) return { kind: 'not_yet_available', account, date, availableAt };
    const entries = ledger.filter((l) => l.account === account.accountNumber);
    const before = entries.filter((l) => localDateIn(l.at, profile.timeZone) < date).reduce((s, l) => s + l.amountMinor, 0n);
    const day = entries.filter((l) => localDateIn(l.at, profile.timeZone) === date);
    let running = opening + before;
    const fmt = (m: bigint): string => formatAmountMinor(m, profile.currency);
    const lines = day.map((l) => {
      running += l.amountMinor;
      return [
        l.at.toISOString(),
        l.amountMinor < 0n ? 'D' : 'C',
        fmt(l.amountMinor < 0n ? -l.amountMinor : l.amountMinor),
        fmt(running),
        l.endToEndId,
        csvField(l.counterparty),
      ].join(',');
    });
    const content = [
      `account,${account.accountNumber}`,
      `date,${date}`,
      `opening_balance,${fmt(opening + before)}`,
      `closing_balance,${fmt(running)}`,
      'booked_at,direction,amount,balance,end_to_end_id,counterparty',
      ...lines,
    ].join('\n');
    return { kind: 'available', account, date, format: 'csv', contentType: 'text/csv; charset=utf-8', content: `${content}\n` };
  }

  const record = (operation: BankOperation, endToEndIds: readonly string[]): void => {
    calls.push({ operation, at: new Date(clock), endToEndIds });
  };

  const fake: FakeBank = {
    profile,
    async submit(instruction, signal) {
      assertValidInstruction(instruction, profile.currency);
      record('submit', [instruction.endToEndId]);
      return submitOne(instruction, signal);
    },
    async query(ref, signal) {
      record('query', [ref.endToEndId]);
      if (signal.aborted) return { kind: 'unknown', endToEndId: ref.endToEndId, cause: abortCause(signal), detail: 'aborted' };
      return Promise.resolve(queryOne(ref));
    },
    async fetchStatement(account, date, signal) {
      record('statement', []);
      if (signal.aborted) return { kind: 'unknown', cause: abortCause(signal), detail: 'aborted' };
      return Promise.resolve(statement(account, date));
    },
    setDefault: (b) => {
      defaultBehaviour = b;
    },
    script: (e2e, b) => {
      scripts.set(e2e, b);
    },
    setOutage: (op, on) => {
      if (on) outages.add(op);
      else outages.delete(op);
    },
    credit: (account, amountMinor) => {
      balances.set(account, balanceOf(account) + amountMinor);
      ledger.push({ account, at: new Date(clock), amountMinor, endToEndId: 'FUNDING', counterparty: 'funding' });
    },
    balance: balanceOf,
    executions: (filter = {}) =>
      executed.filter(
        (e) =>
          (filter.endToEndId === undefined || e.endToEndId === filter.endToEndId) &&
          (filter.payoutId === undefined || e.payoutId === filter.payoutId),
      ),
    calls: (op) => (op === undefined ? [...calls] : calls.filter((c) => c.operation === op)),
    now: () => new Date(clock),
    advance: (ms) => {
      clock += ms;
    },
  };
  if (profile.supportsBatchSubmit) {
    fake.submitBatch = async (instructions, signal) => {
      assertValidBatch(instructions, profile.maxBatchSize, profile.currency);
      record(
        'submit',
        instructions.map((i) => i.endToEndId),
      );
      const out: SubmitOutcome[] = [];
      for (const i of instructions) out.push(await submitOne(i, signal));
      return out;
    };
  }
  if (profile.supportsBatchQuery) {
    fake.queryBatch = async (refs, signal) => {
      record(
        'query',
        refs.map((r) => r.endToEndId),
      );
      if (signal.aborted)
        return refs.map((r) => ({ kind: 'unknown', endToEndId: r.endToEndId, cause: abortCause(signal), detail: 'aborted' }) as const);
      return Promise.resolve(refs.map(queryOne));
    };
  }
  return fake;
}

function csvField(s: string): string {
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
