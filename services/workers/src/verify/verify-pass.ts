import { addDays, daysBetween, localDateIn } from '@payout/calendar';
import {
  claimDueVerifications,
  linesForAttempts,
  linesNeedingReview,
  loadStatements,
  payoutsWithStatementEvidence,
  unmatchedStatements,
  unreferencedDebits,
  type PayoutForVerification,
  type StoredLineRecord,
  type StoredStatementRecord,
} from '@payout/db';
import { maskAccount } from '@payout/domain';
import { askCalendar, calendarGapFields, type CALENDAR_NO_DATA } from '../escalation/calendar-gap.ts';
import { verdictOf, type BankVerdict } from './bank-verdict.ts';
import { assessPeriod } from './coverage.ts';
import { StatementMatcher, type MatchResult } from '@payout/statements';
import { needsBankQuery, resolveAttempt, type AttemptCoverage, type Resolution } from './resolve.ts';
import { bookStatementsInLedger, type StatementLedgerReport } from './statement-ledger.ts';
import { datesBetween, latestDueStatementDate } from './statement-availability.ts';
import { fetchAndIngest, type FetchResult } from './statement-fetch.ts';
import { applyVerification, type PlannedDecision, type VerifyApplyReport } from './verify-apply.ts';
import type { WorkerLogger } from '../logging/worker-logger.ts';
import type { VerifyChannel, VerifyDeps } from './verify-deps.ts';
import { liveAttempt, unresolvedOf, verifyLineOf } from './verify-inputs.ts';
import type { StoredStatement, UnresolvedAttempt } from './verify.model.ts';

export interface VerifyPassReport {
  readonly bankId: string;
  /** The latest bank-local date whose statement is due; undefined when the pass was skipped. */
  readonly availableThrough: string | undefined;
  /**
   * The pass was skipped: which statements are due depends on a calendar year without data.
   * Nothing was claimed; the channel's payouts wait as they are for a later pass.
   */
  readonly skipped?: { readonly code: typeof CALENDAR_NO_DATA; readonly calendar: string; readonly year: number } | undefined;
  readonly fetched: readonly FetchResult[];
  readonly claimed: number;
  readonly evidenceChecked: number;
  readonly linesLookedAt: number;
  readonly statementsMatched: number;
  readonly applied: VerifyApplyReport;
  /** The statements' side of the ledger: debits of resolved payouts seen, balances recorded. */
  readonly ledger: StatementLedgerReport;
  readonly ms: number;
}

/**
 * One verification pass over one bank channel:
 *  1. make sure every statement due by now is held (fetch the missing days via the adapter);
 *  2. claim the payouts due for verification, plus payouts in review or still polling whose
 *     attempt a statement line names;
 *  3. match their attempts against the lines, check each send period's completeness, ask the
 *     bank where only its answer is missing, and resolve;
 *  4. book the statements in the ledger: debits of payouts already resolved, closing balances,
 *     the account's opening balance from its first statement;
 *  5. apply everything in one transaction (guarded row writes, events, outbox, the postings of
 *     every state change and of the lines that decided it), list the exceptions, mark the
 *     statements matched.
 */
export interface VerifyPassOptions {
  /** False to leave a day alone this pass (a fetch that failed recently is not retried every tick). */
  readonly shouldFetch?: (bankId: string, date: string) => boolean;
  readonly onFetch?: (bankId: string, result: FetchResult) => void;
}

export async function verifyChannel(deps: VerifyDeps, channel: VerifyChannel, options: VerifyPassOptions = {}): Promise<VerifyPassReport> {
  const started = Date.now();
  const { db, clock, settings, logger } = deps;
  const now = clock.now();
  const log = logger.child({ role: 'verify', bankId: channel.bankId, account: maskAccount(channel.account.accountNumber) });
  const tz = channel.profile.timeZone;
  const due = askCalendar(() =>
    latestDueStatementDate({ calendar: channel.profile.calendar, timeZone: tz, statementTime: channel.profile.statementTime }, now),
  );
  if (!due.ok) {
    // Before anything is claimed: the channel's payouts stay as they are and are looked at
    // again on a later pass — by then the year may have been imported. Other channels go on.
    const skipped = calendarGapFields(due.gap);
    log.warn(skipped, 'verification pass skipped: which statements are due needs a calendar year without data');
    return skippedPass(channel.bankId, skipped, Date.now() - started);
  }
  const availableThrough = due.value;
  const work = await claimWork(deps, channel, now);
  const { unresolved } = work;

  // 1. Statements: every day from the earliest send date (or the last one held) through the latest due.
  const earliestSent = unresolved.reduce<string | undefined>((m, u) => (m === undefined || u.sentOn < m ? u.sentOn : m), undefined);
  const from = earliestSent ?? addDays(availableThrough, 1 - settings.lookbackDays);
  const fetched = await fetchMissingStatements(deps, channel, options, from, availableThrough);

  // 2. Lines: those naming the unresolved attempts, fallback candidates, and the new statements' lines that need a look.
  const unmatched = await unmatchedStatements(db, { bankId: channel.bankId, limit: 500 });
  const lines = await linesToMatch(deps, channel, unresolved, earliestSent, unmatched);

  // 3. Match, assess, ask, resolve.
  const { match, statements, decisions } = await matchAndResolve(deps, channel, { unresolved, lines, from, availableThrough, now });

  // 4. The ledger: debits of payouts resolved before this pass, statement balances — before the
  //    statements are marked matched, so a crash in between books them again, idempotently.
  const ledger = await bookStatementsInLedger(deps, channel, unmatched, now);

  // 5. Apply (with the ledger postings of every state change).
  const applied = await applyPass(deps, channel, { decisions, noLiveAttempt: work.noLiveAttempt, match, unmatched, statements, now });
  const ms = Date.now() - started;
  deps.metrics.pass(channel.bankId, lines.size, ms);
  const report: VerifyPassReport = {
    bankId: channel.bankId,
    availableThrough,
    fetched,
    claimed: work.claimed,
    evidenceChecked: work.evidenceChecked,
    linesLookedAt: lines.size,
    statementsMatched: unmatched.length,
    applied,
    ledger,
    ms,
  };
  logPass(log, report);
  return report;
}

/**
 * The payouts this pass looks at: those due for verification (claimed, leased), plus payouts
 * in review or still polling whose attempt a statement line names. Each becomes an unresolved
 * attempt at this channel, or — awaiting verification without one — a case for a person.
 */
async function claimWork(
  deps: VerifyDeps,
  channel: VerifyChannel,
  now: Date,
): Promise<{ claimed: number; evidenceChecked: number; unresolved: UnresolvedAttempt[]; noLiveAttempt: PayoutForVerification[] }> {
  const { db, settings } = deps;
  const claimed = await claimDueVerifications(db, {
    channelId: channel.bankId,
    now,
    limit: settings.batchSize,
    leaseUntil: new Date(now.getTime() + settings.leaseMs),
  });
  const evidence = await payoutsWithStatementEvidence(db, { channelId: channel.bankId, limit: settings.batchSize });
  const unresolved: UnresolvedAttempt[] = [];
  const noLiveAttempt: PayoutForVerification[] = [];
  for (const p of [...claimed, ...evidence.filter((e) => !claimed.some((c) => c.payout.id === e.payout.id))]) {
    const a = liveAttempt(p);
    if (a === undefined || a.channelId !== channel.bankId) {
      if (p.payout.status === 'awaiting_verification') noLiveAttempt.push(p);
      continue;
    }
    unresolved.push(unresolvedOf(p, a, channel.account.accountNumber, channel.profile.timeZone));
  }
  return { claimed: claimed.length, evidenceChecked: evidence.length, unresolved, noLiveAttempt };
}

/** Fetches (via the adapter) each statement from `from` (at most 31 days back) through `availableThrough` not held yet. */
async function fetchMissingStatements(
  deps: VerifyDeps,
  channel: VerifyChannel,
  options: VerifyPassOptions,
  from: string,
  availableThrough: string,
): Promise<FetchResult[]> {
  const fetchFrom = from < addDays(availableThrough, -31) ? addDays(availableThrough, -31) : from;
  const held = new Set(
    (
      await loadStatements(deps.db, {
        bankId: channel.bankId,
        accountId: channel.account.accountNumber,
        from: fetchFrom,
        through: availableThrough,
      })
    ).map((s) => s.statementDate),
  );
  const fetched: FetchResult[] = [];
  for (const date of datesBetween(fetchFrom, availableThrough)) {
    if (held.has(date) || options.shouldFetch?.(channel.bankId, date) === false) continue;
    const result = await fetchAndIngest(deps, channel, date);
    options.onFetch?.(channel.bankId, result);
    fetched.push(result);
    if (deps.stopSignal?.aborted === true) break;
  }
  return fetched;
}

/** The lines to match: those naming the unresolved attempts, unreferenced debits in their send window, and new statements' lines that need a look. */
async function linesToMatch(
  deps: VerifyDeps,
  channel: VerifyChannel,
  unresolved: readonly UnresolvedAttempt[],
  earliestSent: string | undefined,
  unmatched: readonly StoredStatementRecord[],
): Promise<Map<string, StoredLineRecord>> {
  const { db, settings } = deps;
  const lines = new Map<string, StoredLineRecord>();
  const add = (list: readonly StoredLineRecord[]): void => {
    for (const l of list) lines.set(l.id, l);
  };
  add(await linesForAttempts(db, [...new Set(unresolved.map((u) => u.attemptId))]));
  if (earliestSent !== undefined) {
    const latestSent = unresolved.reduce((m, u) => (u.sentOn > m ? u.sentOn : m), earliestSent);
    add(
      await unreferencedDebits(db, {
        bankId: channel.bankId,
        accountIds: [channel.account.accountNumber],
        from: earliestSent,
        through: addDays(latestSent, settings.windowDays),
      }),
    );
  }
  add(
    await linesNeedingReview(
      db,
      unmatched.map((s) => s.id),
    ),
  );
  return lines;
}

/** Step 3: matches the lines against the unresolved attempts, loads the statements around the period, and resolves each attempt. */
async function matchAndResolve(
  deps: VerifyDeps,
  channel: VerifyChannel,
  pass: {
    readonly unresolved: readonly UnresolvedAttempt[];
    readonly lines: ReadonlyMap<string, StoredLineRecord>;
    readonly from: string;
    readonly availableThrough: string;
    readonly now: Date;
  },
): Promise<{ match: MatchResult; statements: StoredStatement[]; decisions: PlannedDecision[] }> {
  const { unresolved, lines, from, availableThrough, now } = pass;
  const unresolvedIds = new Set(unresolved.map((u) => u.attemptId));
  const matcher = new StatementMatcher(unresolved, { windowDays: deps.settings.windowDays });
  for (const l of lines.values()) matcher.add(verifyLineOf(l, unresolvedIds));
  const match = matcher.finish();
  const statements = (
    await loadStatements(deps.db, {
      bankId: channel.bankId,
      accountId: channel.account.accountNumber,
      from: addDays(from, -3),
      through: addDays(availableThrough, 1),
    })
  ).map(storedOf);
  const today = localDateIn(now, channel.profile.timeZone);
  const decisions = await decide(deps, channel, unresolved, match, statements, availableThrough, today);
  return { match, statements, decisions };
}

/** Step 5: applies the decisions, lists the exceptions and marks the statements matched, in one transaction. */
async function applyPass(
  deps: VerifyDeps,
  channel: VerifyChannel,
  pass: {
    readonly decisions: readonly PlannedDecision[];
    readonly noLiveAttempt: readonly PayoutForVerification[];
    readonly match: MatchResult;
    readonly unmatched: readonly StoredStatementRecord[];
    readonly statements: readonly StoredStatement[];
    readonly now: Date;
  },
): Promise<VerifyApplyReport> {
  const { match, unmatched, statements } = pass;
  const statementDates = new Map<string, string>([
    ...unmatched.map((s) => [s.id, s.statementDate] as const),
    ...statements.map((s) => [s.statementRowId, s.statementDate] as const),
  ]);
  return applyVerification(deps, channel, {
    decisions: pass.decisions,
    noLiveAttempt: pass.noLiveAttempt,
    knownReturns: match.knownReturns,
    exceptions: match.exceptions,
    statementRowIds: unmatched.map((s) => s.id),
    statementDates,
    now: pass.now,
  });
}

/** One log line per pass that found something to do. */
function logPass(log: WorkerLogger, report: VerifyPassReport): void {
  if (report.claimed === 0 && report.statementsMatched === 0 && report.fetched.length === 0) return;
  log.info(
    {
      availableThrough: report.availableThrough,
      fetched: report.fetched.map((f) => `${f.date}:${f.kind}`),
      claimed: report.claimed,
      lines: report.linesLookedAt,
      ...report.applied.counts,
      exceptions: report.applied.newExceptions,
      debitsSeen: report.ledger.debitsSeen,
      ms: report.ms,
    },
    'verification pass',
  );
}

async function decide(
  deps: VerifyDeps,
  channel: VerifyChannel,
  unresolved: readonly UnresolvedAttempt[],
  match: MatchResult,
  statements: readonly StoredStatement[],
  availableThrough: string,
  today: string,
): Promise<PlannedDecision[]> {
  const planned: { attempt: UnresolvedAttempt; coverage: AttemptCoverage; query: boolean }[] = [];
  for (const attempt of unresolved) {
    const m = match.byAttempt.get(attempt.attemptId) ?? { kind: 'none' as const };
    const period = (through: string) =>
      assessPeriod(statements, {
        accountId: attempt.debtorAccount,
        currency: attempt.amount.currency,
        from: attempt.sentOn,
        through,
        availableThrough,
      });
    const coverage: AttemptCoverage = { sendDay: period(attempt.sentOn), throughDayAfter: period(addDays(attempt.sentOn, 1)) };
    planned.push({ attempt, coverage, query: needsBankQuery(attempt, m, coverage) });
  }
  const verdicts = await askBank(
    deps,
    channel,
    planned.filter((p) => p.query).map((p) => p.attempt),
  );
  return planned.map(({ attempt, coverage }) => {
    const m = match.byAttempt.get(attempt.attemptId) ?? { kind: 'none' as const };
    const verdict: BankVerdict = verdicts.get(attempt.attemptId) ?? { kind: 'not_asked' };
    const canDefer = daysBetween(attempt.sentOn, today) < deps.settings.maxWaitDays;
    const resolution: Resolution = resolveAttempt({ attempt, match: m, coverage, verdict, canDefer });
    deps.metrics.resolved(channel.bankId, resolution.kind);
    return { attempt, resolution, coverage, verdict };
  });
}

/** Status queries for the attempts whose fate only the bank's answer still decides, a few at a time. */
async function askBank(
  deps: VerifyDeps,
  channel: VerifyChannel,
  attempts: readonly UnresolvedAttempt[],
): Promise<Map<string, BankVerdict>> {
  const out = new Map<string, BankVerdict>();
  let next = 0;
  const worker = async (): Promise<void> => {
    for (;;) {
      const a = attempts[next++];
      if (a === undefined) return;
      const signal = AbortSignal.any([
        AbortSignal.timeout(deps.settings.queryTimeoutMs),
        ...(deps.stopSignal === undefined ? [] : [deps.stopSignal]),
      ]);
      try {
        const outcome = await channel.bank.query({ endToEndId: a.endToEndId, bankReference: a.bankReference }, signal);
        out.set(a.attemptId, verdictOf(outcome));
      } catch (error) {
        out.set(a.attemptId, { kind: 'unknown', detail: `query threw: ${error instanceof Error ? error.message : String(error)}` });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(deps.settings.queryConcurrency, attempts.length)) }, worker));
  return out;
}

function skippedPass(bankId: string, skipped: NonNullable<VerifyPassReport['skipped']>, ms: number): VerifyPassReport {
  return {
    bankId,
    availableThrough: undefined,
    skipped,
    fetched: [],
    claimed: 0,
    evidenceChecked: 0,
    linesLookedAt: 0,
    statementsMatched: 0,
    applied: { counts: {}, skippedStale: 0, newExceptions: 0, ledgerRefused: 0 },
    ledger: { debitsSeen: 0, fundingSeen: 0, fundingMismatched: 0, refused: 0, balances: [] },
    ms,
  };
}

function storedOf(s: StoredStatementRecord): StoredStatement {
  return {
    statementRowId: s.id,
    accountId: s.accountId,
    currency: s.currency,
    statementId: s.statementId,
    statementDate: s.statementDate,
    electronicSequence: s.electronicSeq ?? undefined,
    legalSequence: s.legalSeq ?? undefined,
    page: s.page === 0 ? undefined : s.page,
    lastPage: s.lastPage ?? undefined,
    openingMinor: s.openingMinor ?? undefined,
    closingMinor: s.closingMinor ?? undefined,
    balanceCheck: s.balanceCheck,
  };
}
