import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { money } from '@payout/domain';
import {
  createCnJsonAdapter,
  createRedisBreakerCoordinator,
  createRedisRateLimiter,
  createResilientBank,
  type BankAdapter,
  type BankLogger,
  type BankMetrics,
  type BreakerCoordinator,
  type PaymentInstruction,
  type ResilienceOptions,
  type ResilientBank,
} from '@payout/bank';
import { useRedis, waitFor } from '@payout/test-harness/vitest';
import { BankSimClient } from '../client/bank-sim.client.ts';
import { startBankSim, type RunningBankSim } from '../server.ts';
import { CN_BANK, CN_DEBTOR, ISO_BANK, ISO_DEBTOR, cnAdapter, isoAdapter, twoBankSimConfig } from './test-banks.ts';

describe('the resilience wrapper against bank-sim (real Redis)', () => {
  const redis = useRedis();
  let sim: RunningBankSim;
  let client: BankSimClient;
  let conn: Redis;
  const coordinators: BreakerCoordinator[] = [];
  const banks: ResilientBank[] = [];
  let n = 0;

  beforeAll(async () => {
    sim = await startBankSim(twoBankSimConfig('resilience'));
    client = new BankSimClient(sim.url);
    conn = new Redis(redis.url);
  });
  afterAll(async () => {
    for (const b of banks) b.close();
    await Promise.all(coordinators.map((c) => c.close()));
    await conn.quit();
    await sim.close();
  });

  const cnInstruction = (): PaymentInstruction => {
    n += 1;
    return {
      endToEndId: `RS-CN-${n}`,
      payoutId: `payout-${n}`,
      amount: money(5_000n, 'CNY'),
      debtorAccount: { scheme: 'cn_bank', accountNumber: CN_DEBTOR },
      beneficiary: { name: '收款人', account: { scheme: 'cn_bank', accountNumber: '6217000000000000042' } },
      requestedExecutionDate: '2026-01-05',
    };
  };
  const isoInstruction = (): PaymentInstruction => {
    n += 1;
    return {
      endToEndId: `RS-ISO-${n}`,
      payoutId: `payout-${n}`,
      amount: money(5_000n, 'EUR'),
      debtorAccount: { scheme: 'iban', accountNumber: ISO_DEBTOR },
      beneficiary: { name: 'Jane Doe', account: { scheme: 'iban', accountNumber: 'FR1420041010050500013M02606' } },
      requestedExecutionDate: '2026-01-05',
    };
  };

  async function wrap(
    adapter: BankAdapter,
    options: ResilienceOptions,
    logger?: BankLogger,
    metrics?: BankMetrics,
  ): Promise<ResilientBank> {
    const prefix = redis.prefix();
    const coordinator = await createRedisBreakerCoordinator({ redis: conn, prefix });
    coordinators.push(coordinator);
    const bank = createResilientBank(
      adapter,
      {
        rateLimiter: createRedisRateLimiter({ redis: conn, prefix }),
        coordinator,
        ...(logger === undefined ? {} : { logger }),
        ...(metrics === undefined ? {} : { metrics }),
      },
      options,
    );
    banks.push(bank);
    return bank;
  }

  const submits = (bankId: string): number => sim.requestLog.list({ bankId, operation: 'submit' }).length;
  const queries = (bankId: string): number => sim.requestLog.list({ bankId, operation: 'query' }).length;

  it('submit outage: the submit breaker opens, no submit reaches the bank while open, queries keep flowing, a half-open probe closes it', async () => {
    const transitions: string[] = [];
    const logged: string[] = [];
    const logger: BankLogger = { info: (_o, m) => logged.push(m), warn: (_o, m) => logged.push(m), error: (_o, m) => logged.push(m) };
    const metrics: BankMetrics = {
      breakerTransition: (e) => transitions.push(`${e.operation}:${e.to}`),
      callCompleted: () => undefined,
      callRefused: () => undefined,
    };
    const bank = await wrap(
      cnAdapter(sim),
      { breaker: { volumeThreshold: 3, errorThresholdPercentage: 50, resetTimeoutMs: 1_500 }, timeoutsMs: { submit: 2_000 } },
      logger,
      metrics,
    );
    const signal = (): AbortSignal => AbortSignal.timeout(5_000);

    await client.addOutage(CN_BANK, { operation: 'submit', mode: 'http_503' });
    const failures: string[] = [];
    for (let i = 0; i < 20 && bank.breakerState('submit') !== 'open'; i++) {
      const out = await bank.submit(cnInstruction(), signal());
      failures.push(out.kind === 'unknown' ? out.cause : out.kind);
    }
    expect(bank.breakerState('submit')).toBe('open');
    expect(failures.every((c) => c === 'http_5xx')).toBe(true); // a 5xx is unknown, never rejected
    const atOpen = submits(CN_BANK);

    // While open: submissions wait (unavailable), nothing reaches the bank; queries flow.
    const queriesBefore = queries(CN_BANK);
    for (let i = 0; i < 10; i++) {
      expect(await bank.submit(cnInstruction(), signal())).toMatchObject({ kind: 'unavailable', cause: 'breaker_open' });
      const q = await bank.query({ endToEndId: `never-${i}` }, signal());
      expect(q.kind).toBe('not_found');
    }
    expect(queries(CN_BANK) - queriesBefore).toBe(10);
    expect(bank.breakerState('query')).toBe('closed');

    await client.clearOutages(CN_BANK);
    await waitFor(() => bank.breakerState('submit') === 'half_open', { timeoutMs: 5_000, message: 'half-open after resetTimeout' });
    expect(submits(CN_BANK)).toBe(atOpen); // not one submit while the breaker was open

    const probe = await bank.submit(cnInstruction(), signal());
    expect(['accepted', 'pending', 'succeeded']).toContain(probe.kind);
    expect(submits(CN_BANK)).toBe(atOpen + 1);
    expect(bank.breakerState('submit')).toBe('closed');
    expect(['accepted', 'pending', 'succeeded']).toContain((await bank.submit(cnInstruction(), signal())).kind);
    expect(transitions).toEqual(['submit:open', 'submit:half_open', 'submit:closed']);
    expect(logged.some((m) => m.includes('opened'))).toBe(true);
  });

  it('timeout after execution → unknown, and the ground truth shows the transfer executed (both dialects)', async () => {
    for (const [adapter, instruction, bankId] of [
      [cnAdapter(sim), cnInstruction(), CN_BANK],
      [isoAdapter(sim), isoInstruction(), ISO_BANK],
    ] as const) {
      const bank = await wrap(adapter, { timeoutsMs: { submit: 500 } });
      await client.script(bankId, instruction.endToEndId, 'timeoutAfterExecution');
      const out = await bank.submit(instruction, AbortSignal.timeout(10_000));
      expect(out).toMatchObject({ kind: 'unknown', cause: 'timeout', endToEndId: instruction.endToEndId });
      const executed = await client.executions({ bankId, endToEndId: instruction.endToEndId });
      expect(executed).toHaveLength(1);
      expect(executed[0]).toMatchObject({ executed: true, payoutId: instruction.payoutId, amountMinor: '5000' });
    }
  });

  it('timeout before execution → unknown, and the ground truth shows nothing executed', async () => {
    const bank = await wrap(cnAdapter(sim), { timeoutsMs: { submit: 400 } });
    const i = cnInstruction();
    await client.script(CN_BANK, i.endToEndId, 'timeoutBeforeExecution');
    expect(await bank.submit(i, AbortSignal.timeout(10_000))).toMatchObject({ kind: 'unknown', cause: 'timeout' });
    expect(await client.executions({ endToEndId: i.endToEndId })).toHaveLength(0);
  });

  it('an unrecognised status code → unknown (both dialects), although the bank executed it', async () => {
    for (const [adapter, instruction, bankId] of [
      [cnAdapter(sim), cnInstruction(), CN_BANK],
      [isoAdapter(sim), isoInstruction(), ISO_BANK],
    ] as const) {
      const bank = await wrap(adapter, {});
      await client.script(bankId, instruction.endToEndId, 'unrecognisedStatus');
      expect(await bank.submit(instruction, AbortSignal.timeout(5_000))).toMatchObject({ kind: 'unknown', cause: 'unrecognised_status' });
      expect(await client.executions({ endToEndId: instruction.endToEndId })).toHaveLength(1);
    }
  });

  it('garbage and 5xx answers to a submit are unknown, never rejected', async () => {
    const bank = await wrap(isoAdapter(sim), {});
    const garbled = isoInstruction();
    await client.script(ISO_BANK, garbled.endToEndId, 'garbage');
    expect(await bank.submit(garbled, AbortSignal.timeout(5_000))).toMatchObject({ kind: 'unknown', cause: 'unparseable' });
    expect(await client.executions({ endToEndId: garbled.endToEndId })).toHaveLength(1);
    const failed = isoInstruction();
    await client.script(ISO_BANK, failed.endToEndId, 'http5xx');
    expect(await bank.submit(failed, AbortSignal.timeout(5_000))).toMatchObject({ kind: 'unknown', cause: 'http_5xx' });
  });

  it('a connection refused before anything was sent is reported as not_sent', async () => {
    const dead = await startBankSim(twoBankSimConfig('dead'));
    const url = dead.bankUrl(CN_BANK);
    await dead.close();
    const bank = await wrap(createCnJsonAdapter(cnAdapter(sim).profile, { baseUrl: url }), {});
    expect(await bank.submit(cnInstruction(), AbortSignal.timeout(5_000))).toMatchObject({ kind: 'not_sent', cause: 'connection_refused' });
  });

  it('waits for operating hours: a closed channel answers unavailable (outside_hours) without calling the bank', async () => {
    const before = submits(CN_BANK);
    const bank = await wrap(cnAdapter(sim), { hours: (at) => ({ open: false, reopensAt: new Date(at.getTime() + 60_000) }) });
    const out = await bank.submit(cnInstruction(), AbortSignal.timeout(5_000));
    expect(out).toMatchObject({ kind: 'unavailable', cause: 'outside_hours' });
    if (out.kind === 'unavailable') expect(out.retryAfterMs).toBeGreaterThan(59_000);
    expect(submits(CN_BANK)).toBe(before);
  });
});
