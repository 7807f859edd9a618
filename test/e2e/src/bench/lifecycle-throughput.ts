// A throughput probe for the lifecycle (not a test): N payouts, real Postgres and bank-sim,
// in-process engine and simulator. For the same-run comparison with the per-payout floor see
// lifecycle-vs-floor.ts. Usage: [BANKS=iso] [LOOPS=4] ./dev node test/e2e/src/bench/lifecycle-throughput.ts [N]
import { startLocalPostgres } from '@payout/test-harness';
import { describePhase } from './bench-phase.ts';
import { runLifecycle } from './lifecycle-run.ts';

const n = Number(process.argv[2] ?? 2000);
const pg = await startLocalPostgres();
try {
  const r = await runLifecycle({
    label: 'lifecycle',
    databaseUrl: pg.url,
    payouts: n,
    banks: process.env['BANKS'] === 'iso' ? 'iso' : 'mixed',
    submitLoops: Number(process.env['LOOPS'] ?? 4),
    ports: { postgresPort: pg.port },
    timeoutMs: 120_000 + n * 20,
  });
  console.log(describePhase(r));
} finally {
  await pg.dispose();
}
