import { getCalendar, localDateIn, zonedDateTimeToInstant, daysBetween } from '@payout/calendar';
import type { SimClock } from '../clock/sim-clock.ts';
import {
  REQUEST_BEHAVIOURS,
  TRANSACTION_BEHAVIOURS,
  type OutageConfig,
  type OutageMode,
  type RequestBehaviour,
  type SimBankConfig,
  type SimOperation,
  type TransactionBehaviour,
} from '../config/sim-config.schema.ts';
import { between, hash32, pickFromList, pickWeighted, streamFor } from '../random/prng.ts';
import { EventQueue } from './event-queue.ts';
import { isExecuted, type IncomingTransfer, type LedgerEntry, type SimTransfer, type SubmitResult } from './sim-transfer.ts';

const DAY_MS = 86_400_000;

export type ScriptedBehaviour = RequestBehaviour | TransactionBehaviour;

export function isScriptedBehaviour(s: string): s is ScriptedBehaviour {
  return (REQUEST_BEHAVIOURS as readonly string[]).includes(s) || (TRANSACTION_BEHAVIOURS as readonly string[]).includes(s);
}

export interface SimAccount {
  readonly account: string;
  readonly scheme: 'iban' | 'us_aba' | 'uk_sort_code' | 'cn_bank' | undefined;
  readonly name: string;
  readonly openingBalanceMinor: bigint;
  balanceMinor: bigint;
  reservedMinor: bigint;
}

export type QueryView =
  | { readonly kind: 'not_found' }
  | {
      readonly kind: 'found';
      readonly transfer: SimTransfer;
      readonly report: 'pending' | 'succeeded' | 'failed' | 'rejected' | 'returned';
    };

export interface StatementData {
  readonly bankId: string;
  readonly account: SimAccount;
  readonly currency: string;
  readonly date: string;
  readonly sequence: number;
  readonly openingMinor: bigint;
  readonly closingMinor: bigint;
  readonly entries: readonly LedgerEntry[];
  readonly availableAt: Date;
  readonly timeZone: string;
}

export type StatementAnswer =
  | { readonly kind: 'ok'; readonly data: StatementData }
  | { readonly kind: 'not_yet_available'; readonly availableAt: Date }
  | { readonly kind: 'no_such_account' }
  | { readonly kind: 'before_opening' };

type TimedEvent = { readonly kind: 'final' | 'return'; readonly transfer: SimTransfer };

/**
 * One simulated bank: accounts, transfers, ledger, behaviours. Pure state machine over a
 * simulated clock — HTTP and dialects live elsewhere. Timed effects (a pending transfer's
 * final status, a return days later) sit in an event queue and are applied, at their own
 * simulated time, before anything reads state; no timers are involved.
 */
export class SimBank {
  readonly config: SimBankConfig;
  private readonly seed: string;
  private readonly clock: SimClock;
  private readonly accounts = new Map<string, SimAccount>();
  private readonly byEndToEnd = new Map<string, SimTransfer[]>();
  private readonly transfers: SimTransfer[] = [];
  private readonly refusedDuplicates: { endToEndId: string; payoutId: string | undefined; at: number }[] = [];
  private readonly ledger: LedgerEntry[] = [];
  private readonly events = new EventQueue<TimedEvent>();
  private readonly requestCounts = new Map<string, number>();
  private readonly queryCounts = new Map<string, number>();
  private readonly scripts = new Map<string, ScriptedBehaviour>();
  /** Return draws of pending transfers, used when they succeed. */
  private readonly pendingReturnDraws = new Map<SimTransfer, { uReturn: number; uReturnReason: number; uReturnDays: number }>();
  private outages: OutageConfig[];
  private ledgerSeq = 0;
  private fundingSeq = 0;
  /** Local date on which statements begin (sequence number 1). */
  readonly openedOn: string;

  constructor(config: SimBankConfig, seed: string, clock: SimClock) {
    this.config = config;
    this.seed = seed;
    this.clock = clock;
    this.outages = [...config.outages];
    this.openedOn = localDateIn(clock.now(), config.timeZone);
    for (const a of config.accounts) {
      const opening = BigInt(a.openingBalanceMinor);
      this.accounts.set(a.account, {
        account: a.account,
        scheme: a.scheme,
        name: a.name,
        openingBalanceMinor: opening,
        balanceMinor: opening,
        reservedMinor: 0n,
      });
    }
  }

  get id(): string {
    return this.config.id;
  }

  // --- controls -------------------------------------------------------------------------

  script(endToEndId: string, behaviour: ScriptedBehaviour | undefined): void {
    if (behaviour === undefined) this.scripts.delete(endToEndId);
    else this.scripts.set(endToEndId, behaviour);
  }

  addOutage(outage: OutageConfig): void {
    this.outages.push(outage);
  }

  clearOutages(operation?: SimOperation): void {
    this.outages = operation === undefined ? [] : this.outages.filter((o) => o.operation !== operation);
  }

  listOutages(): readonly OutageConfig[] {
    return this.outages;
  }

  /** The outage mode in force for an operation now, if any. */
  outageFor(operation: SimOperation): OutageMode | undefined {
    const now = this.clock.nowMs();
    const o = this.outages.find(
      (x) =>
        x.operation === operation &&
        (x.from === undefined || new Date(x.from).getTime() <= now) &&
        (x.to === undefined || now < new Date(x.to).getTime()),
    );
    return o?.mode;
  }

  /** Credit an account from outside (a funding transfer); shows on the statement. */
  credit(account: string, amountMinor: bigint, reference: string | undefined): LedgerEntry | undefined {
    this.settle();
    const a = this.accounts.get(account);
    if (a === undefined || amountMinor <= 0n) return undefined;
    a.balanceMinor += amountMinor;
    this.fundingSeq += 1;
    return this.book(
      account,
      this.clock.nowMs(),
      amountMinor,
      'funding',
      reference ?? `FUNDING-${this.fundingSeq}`,
      undefined,
      'Treasury funding',
      '',
      `F${this.fundingSeq}`,
    );
  }

  // --- submissions ----------------------------------------------------------------------

  /**
   * What happens to a whole submission request, drawn per (first end-to-end id, nth request
   * with it) unless a script names one of its ids.
   */
  requestBehaviour(endToEndIds: readonly string[]): RequestBehaviour {
    for (const e2e of endToEndIds) {
      const s = this.scripts.get(e2e);
      if (s !== undefined && (REQUEST_BEHAVIOURS as readonly string[]).includes(s)) return s as RequestBehaviour;
    }
    const key = endToEndIds[0] ?? '';
    const n = this.requestCounts.get(key) ?? 0;
    this.requestCounts.set(key, n + 1);
    const rng = streamFor(this.seed, this.id, 'request', key, n);
    return pickWeighted(this.config.behaviour.request, rng(), 'ok');
  }

  /** Decide and record every transfer of an accepted request. */
  accept(incoming: readonly IncomingTransfer[]): SubmitResult[] {
    this.settle();
    return incoming.map((t) => this.acceptOne(t));
  }

  private acceptOne(t: IncomingTransfer): SubmitResult {
    const now = this.clock.nowMs();
    const earlier = this.byEndToEnd.get(t.endToEndId) ?? [];
    if (earlier.length > 0 && this.config.duplicateHandling === 'reject') {
      this.refusedDuplicates.push({ endToEndId: t.endToEndId, payoutId: t.payoutId, at: now });
      return { endToEndId: t.endToEndId, transfer: undefined, report: 'rejected', reasonCode: 'DUPL' };
    }
    const occurrence = earlier.length;
    // Draw everything up front in a fixed order, so which branch runs never shifts a draw.
    const rng = streamFor(this.seed, this.id, 'tx', t.endToEndId, occurrence);
    const uBehaviour = rng();
    const uReject = rng();
    const uFailure = rng();
    const uDelay = rng();
    const uReturn = rng();
    const uReturnReason = rng();
    const uReturnDays = rng();
    const uVariant = rng();
    const scripted = this.scripts.get(t.endToEndId);
    const behaviour: TransactionBehaviour =
      scripted !== undefined && (TRANSACTION_BEHAVIOURS as readonly string[]).includes(scripted)
        ? (scripted as TransactionBehaviour)
        : pickWeighted(this.config.behaviour.transaction, uBehaviour, 'success');
    const b = this.config.behaviour;
    const transfer: SimTransfer = {
      ...t,
      bankId: this.id,
      occurrence,
      submittedAt: now,
      behaviour,
      state: 'pending',
      reasonCode: undefined,
      finalAt: undefined,
      bookedAt: undefined,
      returnAt: undefined,
      returnReason: undefined,
      returnedAt: undefined,
      bankReference: `${this.id.slice(0, 4).toUpperCase()}${hash32(`${this.seed}|${this.id}|${t.endToEndId}|${occurrence}`).toString(16).padStart(8, '0').toUpperCase()}${occurrence}`,
      variant: Math.floor(uVariant * 2),
    };
    this.transfers.push(transfer);
    this.byEndToEnd.set(t.endToEndId, [...earlier, transfer]);

    const reject = (code: string): SubmitResult => {
      transfer.state = 'rejected';
      transfer.reasonCode = code;
      return { endToEndId: t.endToEndId, transfer, report: 'rejected', reasonCode: code };
    };
    const debtor = this.accounts.get(t.debtorAccount);
    if (debtor === undefined) return reject('AC02');
    if (t.currency !== this.config.currency) return reject('AM03');
    if (this.config.closedAccounts.includes(t.beneficiaryAccount)) return reject('AC04');
    if (this.config.hiddenLimitMinor !== undefined && t.amountMinor > BigInt(this.config.hiddenLimitMinor)) return reject('AM02');
    if (behaviour === 'reject') return reject(pickFromList(b.rejectReasons, uReject)?.code ?? 'AC04');
    if (debtor.balanceMinor - debtor.reservedMinor < t.amountMinor) return reject('AM04');

    const returnDraw = { uReturn, uReturnReason, uReturnDays };
    switch (behaviour) {
      case 'success':
      case 'unrecognisedStatus':
        this.execute(transfer, now, returnDraw);
        return {
          endToEndId: t.endToEndId,
          transfer,
          report: behaviour === 'unrecognisedStatus' ? 'unrecognised' : transfer.variant === 0 ? 'succeeded' : 'accepted',
          reasonCode: undefined,
        };
      case 'pendingThenSuccess':
      case 'pendingThenFailure': {
        debtor.reservedMinor += t.amountMinor;
        transfer.finalAt = now + between(b.pendingDelayMs.min, b.pendingDelayMs.max, uDelay);
        if (behaviour === 'pendingThenFailure') transfer.reasonCode = pickFromList(b.failureReasons, uFailure)?.code ?? 'AB05';
        this.pendingReturnDraws.set(transfer, returnDraw);
        this.events.push(transfer.finalAt, { kind: 'final', transfer });
        return { endToEndId: t.endToEndId, transfer, report: 'pending', reasonCode: undefined };
      }
    }
  }

  /** Debit the account, book the entry, and maybe schedule a return. */
  private execute(transfer: SimTransfer, at: number, draw: { uReturn: number; uReturnReason: number; uReturnDays: number }): void {
    const account = this.accounts.get(transfer.debtorAccount);
    if (account === undefined) return;
    account.balanceMinor -= transfer.amountMinor;
    transfer.state = 'succeeded';
    transfer.bookedAt = at;
    this.book(
      transfer.debtorAccount,
      at,
      -transfer.amountMinor,
      'payout',
      transfer.endToEndId,
      undefined,
      transfer.beneficiaryName,
      transfer.beneficiaryAccount,
      transfer.bankReference,
    );
    const r = this.config.returns;
    if (draw.uReturn < r.rate) {
      transfer.returnAt = at + between(r.afterDays.min, r.afterDays.max, draw.uReturnDays) * DAY_MS;
      transfer.returnReason = pickFromList(r.reasons, draw.uReturnReason)?.code ?? 'AC04';
      this.events.push(transfer.returnAt, { kind: 'return', transfer });
    }
  }

  private book(
    account: string,
    at: number,
    amountMinor: bigint,
    kind: LedgerEntry['kind'],
    endToEndId: string,
    reasonCode: string | undefined,
    counterpartyName: string,
    counterpartyAccount: string,
    reference: string,
  ): LedgerEntry {
    this.ledgerSeq += 1;
    const entry: LedgerEntry = {
      seq: this.ledgerSeq,
      account,
      at,
      bookingDate: localDateIn(new Date(at), this.config.timeZone),
      amountMinor,
      kind,
      endToEndId,
      reasonCode,
      counterpartyName,
      counterpartyAccount,
      reference,
    };
    this.ledger.push(entry);
    return entry;
  }

  /** Apply every timed event due by now, each at its own simulated time. */
  settle(): void {
    const now = this.clock.nowMs();
    for (let e = this.events.popDue(now); e !== undefined; e = this.events.popDue(now)) {
      const t = e.item.transfer;
      const account = this.accounts.get(t.debtorAccount);
      if (e.item.kind === 'final') {
        if (account !== undefined) account.reservedMinor -= t.amountMinor;
        if (t.behaviour === 'pendingThenSuccess') {
          this.execute(t, e.at, this.pendingReturnDraws.get(t) ?? { uReturn: 1, uReturnReason: 0, uReturnDays: 0 });
        } else {
          t.state = 'failed';
        }
        this.pendingReturnDraws.delete(t);
      } else {
        if (account !== undefined) account.balanceMinor += t.amountMinor;
        t.state = 'returned';
        t.returnedAt = e.at;
        this.book(
          t.debtorAccount,
          e.at,
          t.amountMinor,
          'return',
          t.endToEndId,
          t.returnReason,
          t.beneficiaryName,
          t.beneficiaryAccount,
          `R${t.bankReference}`,
        );
      }
    }
  }

  // --- queries --------------------------------------------------------------------------

  /**
   * A query-level fault for this key (an end-to-end id, or a batch's first id), drawn per
   * (key, nth query with it).
   */
  queryFault(key: string): 'http5xx' | 'garbage' | undefined {
    const q = this.config.behaviour.query;
    if (q.http5xx === 0 && q.garbage === 0) return undefined;
    const n = this.queryCounts.get(key) ?? 0;
    this.queryCounts.set(key, n + 1);
    const u = streamFor(this.seed, this.id, 'query', key, n)();
    if (u < q.http5xx) return 'http5xx';
    if (u < q.http5xx + q.garbage) return 'garbage';
    return undefined;
  }

  /** The bank's view of an end-to-end id: the original in 'reject' mode, the latest when it re-executes. */
  status(endToEndId: string): QueryView {
    this.settle();
    const list = this.byEndToEnd.get(endToEndId);
    const t = this.config.duplicateHandling === 'reject' ? list?.[0] : list?.at(-1);
    if (t === undefined) return { kind: 'not_found' };
    const window = this.config.behaviour.query.notFoundWhileProcessingMs;
    if (t.state === 'pending' && this.clock.nowMs() - t.submittedAt < window) return { kind: 'not_found' };
    return { kind: 'found', transfer: t, report: t.state };
  }

  // --- statements -----------------------------------------------------------------------

  statementAvailableAt(date: string): Date {
    const next = getCalendar(this.config.calendar).nextBusinessDay(date);
    return zonedDateTimeToInstant(next, this.config.statementTime, this.config.timeZone);
  }

  statement(accountId: string, date: string): StatementAnswer {
    this.settle();
    const account = this.accounts.get(accountId);
    if (account === undefined) return { kind: 'no_such_account' };
    if (date < this.openedOn) return { kind: 'before_opening' };
    const availableAt = this.statementAvailableAt(date);
    if (this.clock.nowMs() < availableAt.getTime()) return { kind: 'not_yet_available', availableAt };
    const mine = this.ledger.filter((e) => e.account === accountId);
    const opening = account.openingBalanceMinor + mine.filter((e) => e.bookingDate < date).reduce((s, e) => s + e.amountMinor, 0n);
    const entries = mine.filter((e) => e.bookingDate === date).sort((a, b) => a.at - b.at || a.seq - b.seq);
    const closing = entries.reduce((s, e) => s + e.amountMinor, opening);
    return {
      kind: 'ok',
      data: {
        bankId: this.id,
        account,
        currency: this.config.currency,
        date,
        sequence: daysBetween(this.openedOn, date) + 1,
        openingMinor: opening,
        closingMinor: closing,
        entries,
        availableAt,
        timeZone: this.config.timeZone,
      },
    };
  }

  // --- ground truth ---------------------------------------------------------------------

  allTransfers(filter: { readonly endToEndId?: string | undefined; readonly payoutId?: string | undefined } = {}): readonly SimTransfer[] {
    this.settle();
    return this.transfers.filter(
      (t) =>
        (filter.endToEndId === undefined || t.endToEndId === filter.endToEndId) &&
        (filter.payoutId === undefined || t.payoutId === filter.payoutId),
    );
  }

  executions(filter: { readonly endToEndId?: string | undefined; readonly payoutId?: string | undefined } = {}): readonly SimTransfer[] {
    return this.allTransfers(filter).filter(isExecuted);
  }

  duplicateRefusals(): readonly { endToEndId: string; payoutId: string | undefined; at: number }[] {
    return this.refusedDuplicates;
  }

  accountList(): readonly SimAccount[] {
    this.settle();
    return [...this.accounts.values()];
  }

  ledgerEntries(): readonly LedgerEntry[] {
    this.settle();
    return this.ledger;
  }
}
