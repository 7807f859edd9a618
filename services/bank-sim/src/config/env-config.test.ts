import { describe, expect, it } from 'vitest';
import { loadBankSimConfig } from './env-config.ts';

describe('bank-sim process config', () => {
  it('uses the demo banks by default; flags win over env', () => {
    const c = loadBankSimConfig({ BANK_SIM_PORT: '4100', BANK_SIM_SEED: 'env' }, ['--port', '0', '--seed=flag', '--speed', '60']);
    expect(c.port).toBe(0);
    expect(c.host).toBe('127.0.0.1');
    expect(c.sim.seed).toBe('flag');
    expect(c.sim.clock.speed).toBe(60);
    expect(c.sim.banks.map((b) => b.id)).toEqual(['eu-sepa', 'cn-icbc', 'cn-dangerous']);
    expect(c.sim.banks.find((b) => b.id === 'cn-dangerous')?.duplicateHandling).toBe('execute_again');
  });

  it('reports bad settings with the config error code', () => {
    expect(() => loadBankSimConfig({ BANK_SIM_PORT: 'x' }, [])).toThrow(expect.objectContaining({ code: 'PAYOUT_E_CONFIG_INVALID' }));
    expect(() => loadBankSimConfig({}, ['--bogus', '1'])).toThrow(/unknown argument/);
  });
});
