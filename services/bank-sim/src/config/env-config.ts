import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { PayoutError } from '@payout/domain';
import { defaultSimConfig } from './default-config.ts';
import { parseSimConfig, type SimConfig } from './sim-config.schema.ts';

const envSchema = z.object({
  BANK_SIM_CONFIG: z.string().min(1).optional(),
  BANK_SIM_PORT: z.coerce.number().int().min(0).max(65_535).default(0),
  BANK_SIM_HOST: z.string().min(1).default('127.0.0.1'),
  BANK_SIM_SEED: z.string().min(1).optional(),
  BANK_SIM_SPEED: z.coerce.number().min(0).optional(),
  BANK_SIM_START: z.string().min(1).optional(),
});

export interface BankSimProcessConfig {
  readonly sim: SimConfig;
  readonly port: number;
  readonly host: string;
}

/** `--config x --port 0` style flags, mapped onto the env names. */
function argsToEnv(argv: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  const names: Record<string, string> = {
    config: 'BANK_SIM_CONFIG',
    port: 'BANK_SIM_PORT',
    host: 'BANK_SIM_HOST',
    seed: 'BANK_SIM_SEED',
    speed: 'BANK_SIM_SPEED',
    start: 'BANK_SIM_START',
  };
  for (let i = 0; i < argv.length; i++) {
    const m = /^--([a-z]+)(?:=(.*))?$/.exec(argv[i] ?? '');
    const name = m?.[1] === undefined ? undefined : names[m[1]];
    if (m === null || name === undefined) throw new PayoutError('PAYOUT_E_CONFIG_INVALID', `unknown argument ${argv[i] ?? ''}`);
    const value = m[2] ?? argv[++i];
    if (value === undefined) throw new PayoutError('PAYOUT_E_CONFIG_INVALID', `--${m[1]} needs a value`);
    out[name] = value;
  }
  return out;
}

/** Parse env and arguments once (arguments win), then the simulator config file or the default config. */
export function loadBankSimConfig(env: Readonly<Record<string, string | undefined>>, argv: readonly string[]): BankSimProcessConfig {
  const r = envSchema.safeParse({ ...env, ...argsToEnv(argv) });
  if (!r.success) {
    const problems = r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new PayoutError('PAYOUT_E_CONFIG_INVALID', `invalid bank-sim settings: ${problems.join('; ')}`, { problems });
  }
  const e = r.data;
  const base: unknown = e.BANK_SIM_CONFIG === undefined ? defaultSimConfig() : JSON.parse(readFileSync(e.BANK_SIM_CONFIG, 'utf8'));
  const obj = (typeof base === 'object' && base !== null ? base : {}) as Record<string, unknown>;
  const clock = (typeof obj['clock'] === 'object' && obj['clock'] !== null ? obj['clock'] : {}) as Record<string, unknown>;
  const sim = parseSimConfig({
    ...obj,
    ...(e.BANK_SIM_SEED === undefined ? {} : { seed: e.BANK_SIM_SEED }),
    clock: {
      ...clock,
      ...(e.BANK_SIM_SPEED === undefined ? {} : { speed: e.BANK_SIM_SPEED }),
      ...(e.BANK_SIM_START === undefined ? {} : { start: e.BANK_SIM_START }),
    },
  });
  return Object.freeze({ sim, port: e.BANK_SIM_PORT, host: e.BANK_SIM_HOST });
}
