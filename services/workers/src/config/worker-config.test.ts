import { describe, expect, it } from 'vitest';
import { bankProfile } from '@payout/test-kit/bank-profile';
import { parseWorkerConfig } from './worker-config.ts';

const profile = bankProfile({
  bankId: 'cn-a',
  dialect: 'cn-json',
  name: 'A',
  limits: { perPayout: '100000000', perDay: '10000000000' },
  pollSchedule: { stepsMs: [10_000], settlementWindows: [], budgetMs: 900_000 },
});
const channel = {
  profile,
  baseUrl: 'http://127.0.0.1:4100/cn/cn-a',
  debtorAccount: { scheme: 'cn_bank', accountNumber: '6222000000000000001' },
};
const base = { DATABASE_URL: 'postgres://x@localhost/db', REDIS_URL: 'redis://localhost:6379', WORKER_CHANNELS: JSON.stringify([channel]) };
const noFile = (): string => {
  throw new Error('no file');
};

describe('parseWorkerConfig', () => {
  it('applies defaults and parses the channels', () => {
    const c = parseWorkerConfig(base, noFile);
    expect([...c.roles]).toEqual(['intake', 'sweeper', 'submit', 'poll', 'notify', 'verify']);
    expect(c.channels.map((x) => x.id)).toEqual(['cn-a']);
    expect(c.channels[0]?.profile.limits.perPayout).toEqual({ amountMinor: 100_000_000n, currency: 'CNY' });
    expect(c.clock).toEqual({ kind: 'system' });
    expect(c.submit).toMatchObject({ batchSize: 100, timeoutMs: 10_000, maxAttempts: 3 });
    expect(Object.isFrozen(c)).toBe(true);
  });

  it('reads the channels from a file and picks roles', () => {
    const c = parseWorkerConfig(
      { ...base, WORKER_CHANNELS: undefined, WORKER_CHANNELS_FILE: '/etc/channels.json', WORKER_ROLES: 'submit, poll' },
      () => JSON.stringify([channel]),
    );
    expect([...c.roles]).toEqual(['submit', 'poll']);
  });

  it('reports every invalid key at once', () => {
    try {
      parseWorkerConfig({ WORKER_ROLES: 'submit,dance', SUBMIT_BATCH_SIZE: '0', LOG_LEVEL: 'loud' }, noFile);
      expect.unreachable();
    } catch (e) {
      const problems = (e as { details: { problems: string[] } }).details.problems.join('\n');
      expect((e as { code: string }).code).toBe('PAYOUT_E_CONFIG_INVALID');
      for (const key of ['DATABASE_URL', 'REDIS_URL', 'WORKER_ROLES', 'SUBMIT_BATCH_SIZE', 'LOG_LEVEL']) expect(problems).toContain(key);
    }
  });

  it('needs channels for submit and poll, and SIM_URL for the simulator clock', () => {
    expect(() => parseWorkerConfig({ ...base, WORKER_CHANNELS: undefined, WORKER_ROLES: 'poll' }, noFile)).toThrow(/WORKER_CHANNELS/);
    expect(() => parseWorkerConfig({ ...base, WORKER_CHANNELS: undefined, WORKER_ROLES: 'verify' }, noFile)).toThrow(/WORKER_CHANNELS/);
    expect(parseWorkerConfig({ ...base, WORKER_CHANNELS: undefined, WORKER_ROLES: 'intake,sweeper' }, noFile).channels).toEqual([]);
    expect(() => parseWorkerConfig({ ...base, CLOCK: 'sim' }, noFile)).toThrow(/SIM_URL/);
    expect(parseWorkerConfig({ ...base, CLOCK: 'sim', SIM_URL: 'http://127.0.0.1:4100' }, noFile).clock).toEqual({
      kind: 'sim',
      simUrl: 'http://127.0.0.1:4100',
    });
  });

  it('runs every role by default, verify included, with its own batch size and idle interval', () => {
    const c = parseWorkerConfig(base, noFile);
    expect([...c.roles]).toEqual(['intake', 'sweeper', 'submit', 'poll', 'notify', 'verify']);
    expect(c.verify).toEqual({ batchSize: 1_000, idleMs: 5_000 });
    expect(c.bankExchangeLog).toBe(true);
    const tuned = parseWorkerConfig(
      { ...base, WORKER_ROLES: 'verify', VERIFY_BATCH_SIZE: '50', VERIFY_IDLE_MS: '250', BANK_EXCHANGE_LOG: 'off' },
      noFile,
    );
    expect(tuned.verify).toEqual({ batchSize: 50, idleMs: 250 });
    expect(tuned.bankExchangeLog).toBe(false);
    expect(() => parseWorkerConfig({ ...base, VERIFY_BATCH_SIZE: '0' }, noFile)).toThrow(/VERIFY_BATCH_SIZE/);
  });

  it('refuses bad channels with their position, duplicates and bad debtor accounts', () => {
    const bad = [
      channel,
      { ...channel, debtorAccount: { scheme: 'iban', accountNumber: 'DE00' } },
      { ...channel, profile: { ...profile, currency: 'XXY' } },
    ];
    expect(() => parseWorkerConfig({ ...base, WORKER_CHANNELS: JSON.stringify(bad) }, noFile)).toThrow(
      /channels\.1\.debtorAccount.*channels\.2\.profile|channels\.2\.profile.*channels\.1/s,
    );
    expect(() => parseWorkerConfig({ ...base, WORKER_CHANNELS: JSON.stringify([channel, channel]) }, noFile)).toThrow(/cn-a appears twice/);
  });
});
