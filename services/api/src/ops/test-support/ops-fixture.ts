// Test support for the ops integration suites: a real API (Postgres, Redis hints), a real
// in-process bank simulator, named API keys per role, and seeding helpers that put payouts
// into the states ops deals with — with real submissions to the simulator where the
// simulator's ground truth matters. Not part of the service's runtime.
import {
  createBankExchangeRecorder,
  createApiClient,
  createDb,
  databaseNow,
  issueApiKey,
  migrateToLatest,
  type BufferedBankExchangeRecorder,
  type Db,
} from '@payout/db';
import { realNowMs } from '@payout/test-harness';
import { createCnJsonAdapter, createResilientBank, parseBankProfile, type BankProfile, type ResilientBank } from '@payout/bank';
import { withBankExchangeRecording } from '@payout/db';
import { bankProfile } from '@payout/test-kit';
import { BankSimClient, startBankSim, type RunningBankSim, type SimBankConfigInput } from '@payout/bank-sim';
import { createNextStepDispatcher, redisOptionsFromUrl, type NextStepDispatcher } from '@payout/queue';
import { buildApp } from '../../app/build-app.ts';
import type { ApiApp } from '../../app/api-app.ts';
import type { OpsOptions } from '../ops-options.ts';
import { captureLogs, type CapturedLogs } from '../../test-support/log-capture.ts';

export const CN_BANK = 'ops-cn';
/** The funding account at the simulated bank (the debtor of every instruction). */
export const CN_DEBTOR = '6222020200001234567';
export const BENEFICIARY_ACCOUNT = '6217000011223344556';
export const SIM_START = '2026-01-05T02:00:00Z';

export function cnProfile(overrides: Record<string, unknown> = {}): BankProfile {
  return parseBankProfile({
    ...bankProfile({
      bankId: CN_BANK,
      dialect: 'cn-json',
      name: 'CN JSON ops test bank',
      rail: 'CN_HVPS',
      limits: { perPayout: '10000000000', perDay: '100000000000' },
      pollSchedule: { stepsMs: [10_000, 30_000, 60_000], settlementWindows: [], budgetMs: 900_000 },
    }),
    ...overrides,
  });
}

export const KEY_NAMES = ['viewer', 'alice', 'oscar', 'bob', 'carol', 'reader'] as const;
export type KeyName = (typeof KEY_NAMES)[number];

export interface OpsFixture {
  readonly app: ApiApp;
  readonly db: Db;
  readonly baseUrl: string;
  readonly hints: NextStepDispatcher;
  readonly sim: RunningBankSim;
  readonly simClient: BankSimClient;
  /** The CN bank through the recording decorator and the resilience wrapper (as the workers wire it). */
  readonly bank: ResilientBank;
  /** Every simulated bank the same way, by id (the CN bank and the extra ones). */
  readonly banks: ReadonlyMap<string, ResilientBank>;
  readonly recorder: BufferedBankExchangeRecorder;
  readonly logs: CapturedLogs;
  /** viewer (victor, viewer), alice and oscar (operators), bob and carol (approvers), reader (no ops scope). */
  readonly keys: Readonly<Record<KeyName, string>>;
  /** The API's ops clock runs this far ahead of the database's clock (proposal expiry without waiting). */
  advanceClock(ms: number): void;
  /** The API's ops clock now: the database's time, plus what advanceClock added. */
  now(): Date;
  close(): Promise<void>;
}

/** A simulated CN-dialect bank holding the debtor account CN_DEBTOR (1,000,000,000.00 CNY). */
export function opsSimBank(id: string, behaviour: SimBankConfigInput['behaviour']): SimBankConfigInput {
  return {
    id,
    dialect: 'cn-json',
    currency: 'CNY',
    calendar: 'CN',
    timeZone: 'Asia/Shanghai',
    statementTime: '10:00',
    accounts: [{ account: CN_DEBTOR, scheme: 'cn_bank', openingBalanceMinor: '100000000000' }],
    behaviour,
  };
}

/** An extra simulated CN-dialect bank and the profile our side uses for it. */
export interface ExtraBank {
  readonly sim: SimBankConfigInput;
  readonly profile: BankProfile;
}

export async function startOpsFixture(opts: {
  databaseUrl: string;
  redisUrl: string;
  prefix: string;
  ops?: OpsOptions;
  extraBanks?: readonly ExtraBank[];
}): Promise<OpsFixture> {
  const db = createDb({ url: opts.databaseUrl, maxConnections: 10 });
  await migrateToLatest(db);
  for (const id of ['acme', 'globex', 'ops-team']) await createApiClient(db, { id });
  const issue = async (actor: string, role: 'viewer' | 'operator' | 'approver', scopes: ('ops' | 'payouts:read')[] = ['ops']) =>
    (await issueApiKey(db, { clientId: 'ops-team', scopes, actor, role })).key;
  const keys: Record<KeyName, string> = {
    viewer: await issue('victor', 'viewer'),
    alice: await issue('alice', 'operator'),
    oscar: await issue('oscar', 'operator'),
    bob: await issue('bob', 'approver'),
    carol: await issue('carol', 'approver'),
    reader: await issue('rita', 'viewer', ['payouts:read']),
  };
  const sim = await startBankSim({
    seed: 'ops',
    clock: { start: SIM_START, speed: 1 },
    maxHoldMs: 5_000,
    banks: [
      opsSimBank(CN_BANK, {
        pendingDelayMs: { min: 3_600_000, max: 3_600_000 },
        failureReasons: [{ code: 'AB05', weight: 1 }],
        rejectReasons: [{ code: 'AB05', weight: 1 }],
      }),
      ...(opts.extraBanks ?? []).map((b) => b.sim),
    ],
  });
  const recorder = createBankExchangeRecorder(db, { flushIntervalMs: 50 });
  const wire = (profile: BankProfile): ResilientBank =>
    createResilientBank(
      withBankExchangeRecording(createCnJsonAdapter(profile, { baseUrl: sim.bankUrl(profile.bankId) }), recorder),
      {},
      {
        timeoutsMs: { submit: 1_000, query: 2_000 },
        // Setup submits scripted timeouts on purpose; they must not open the breaker for the next ones.
        breaker: { volumeThreshold: 1_000_000 },
      },
    );
  const bank = wire(cnProfile());
  const banks = new Map<string, ResilientBank>([
    [CN_BANK, bank],
    ...(opts.extraBanks ?? []).map((b) => [b.profile.bankId, wire(b.profile)] as const),
  ]);
  const hints = createNextStepDispatcher({ connection: redisOptionsFromUrl(opts.redisUrl), prefix: opts.prefix });
  // The ops clock runs on the database's time: Postgres stamps every status change, and stuck
  // ages and expiries are measured against those stamps — whatever date this machine has.
  const dbStartMs = (await databaseNow(db)).getTime();
  const realStartMs = realNowMs();
  let offsetMs = 0;
  const now = (): Date => new Date(dbStartMs + (realNowMs() - realStartMs) + offsetMs);
  const logs = captureLogs('info');
  const app = buildApp({
    db,
    hints,
    logger: logs.logger,
    authCacheTtlMs: 0,
    ops: { clock: now, ...opts.ops },
  });
  const baseUrl = await app.listen({ host: '127.0.0.1', port: 0 });
  return {
    app,
    db,
    baseUrl,
    hints,
    sim,
    simClient: new BankSimClient(sim.url),
    bank,
    banks,
    recorder,
    logs,
    keys,
    advanceClock: (ms) => {
      offsetMs += ms;
    },
    now,
    async close() {
      await app.close();
      for (const b of banks.values()) b.close();
      await recorder.close();
      await sim.close();
      await hints.close();
      await db.destroy();
    },
  };
}
