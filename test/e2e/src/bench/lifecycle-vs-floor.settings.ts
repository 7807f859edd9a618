// The knobs of lifecycle-vs-floor.ts, read once from the environment (see its header).
import { SINGLE_ROW_STAGES } from './per-payout-floor.single-row.ts';
import { REPOSITORY_STAGES, type FloorStages } from './per-payout-floor.stages.ts';

export interface BenchSettings {
  readonly payouts: number;
  readonly banks: 'iso' | 'mixed';
  readonly submitLoops: number;
  readonly floor: FloorStages;
  readonly floorConcurrency: number;
  readonly floorPool: number;
  readonly warmup: number;
  readonly rounds: number;
  readonly only: 'floor' | 'lifecycle' | undefined;
  readonly pgStats: boolean;
  readonly cpuProfDir: string | undefined;
  readonly pgSettings: readonly (readonly [string, string])[];
}

export function readBenchSettings(env: NodeJS.ProcessEnv, payoutsArg: string | undefined): BenchSettings {
  const int = (name: string, raw: string | undefined, fallback: number): number => {
    const v = Number(raw ?? fallback);
    if (!Number.isInteger(v) || v < 0) throw new Error(`${name} must be a non-negative integer, got ${raw}`);
    return v;
  };
  const payouts = int('N', payoutsArg, 5_000);
  if (payouts < 1) throw new Error('N must be at least 1');
  const only = env['ONLY'];
  return {
    payouts,
    banks: env['BANKS'] === 'iso' ? 'iso' : 'mixed',
    submitLoops: int('LOOPS', env['LOOPS'], 4),
    floor: env['FLOOR'] === 'repository' ? REPOSITORY_STAGES : SINGLE_ROW_STAGES,
    floorConcurrency: int('FLOOR_CONCURRENCY', env['FLOOR_CONCURRENCY'], 16),
    floorPool: int('FLOOR_POOL', env['FLOOR_POOL'], 8),
    warmup: int('WARMUP', env['WARMUP'], 1_000),
    rounds: Math.max(1, int('ROUNDS', env['ROUNDS'], 1)),
    only: only === 'floor' || only === 'lifecycle' ? only : undefined,
    pgStats: env['PG_STATS'] === '1',
    cpuProfDir: env['CPU_PROF'],
    pgSettings: (env['PG_SET'] ?? '')
      .split(',')
      .filter((kv) => kv.includes('='))
      .map((kv) => [kv.slice(0, kv.indexOf('=')).trim(), kv.slice(kv.indexOf('=') + 1).trim()] as const),
  };
}

/** For the report's header: the settings as plain values. */
export function describeSettings(s: BenchSettings): string {
  return JSON.stringify({ ...s, floor: s.floor.name });
}
