import { Redis } from 'ioredis';
import { afterAll } from 'vitest';
import {
  createRedisBreakerCoordinator,
  createRedisRateLimiter,
  createResilientBank,
  type BreakerCoordinator,
  type ResilientBank,
} from '@payout/bank';
import { bankAdapterContract } from '@payout/bank/contract';
import { useRedis } from '@payout/test-harness/vitest';
import { startBankSim, type RunningBankSim } from '../server.ts';
import { CN_CLOSED, CN_DEBTOR, ISO_CLOSED, ISO_DEBTOR, cnAdapter, isoAdapter, simContractSubject, twoBankSimConfig } from './test-banks.ts';

// One simulator per subject: the statement test moves the simulated clock.
const sims: RunningBankSim[] = [];
const start = async (): Promise<RunningBankSim> => {
  const sim = await startBankSim(twoBankSimConfig('contract'));
  sims.push(sim);
  return sim;
};
const redis = useRedis();
const connections: Redis[] = [];
const coordinators: BreakerCoordinator[] = [];
const wrapped: ResilientBank[] = [];
afterAll(async () => {
  for (const b of wrapped) b.close();
  await Promise.all(coordinators.map((c) => c.close()));
  await Promise.all(connections.map((c) => c.quit()));
  await Promise.all(sims.map((s) => s.close()));
});

bankAdapterContract('ISO 20022 adapter against bank-sim', async () => {
  const sim = await start();
  return simContractSubject(sim, isoAdapter(sim), { debtor: ISO_DEBTOR, closed: ISO_CLOSED });
});

bankAdapterContract('CN JSON adapter against bank-sim', async () => {
  const sim = await start();
  return simContractSubject(sim, cnAdapter(sim), { debtor: CN_DEBTOR, closed: CN_CLOSED });
});

// The wrapper implements the same port and must be transparent for a healthy bank.
bankAdapterContract('ISO 20022 adapter behind the resilience wrapper (Redis)', async () => {
  const sim = await start();
  const conn = new Redis(redis.url);
  connections.push(conn);
  const prefix = redis.prefix();
  const coordinator = await createRedisBreakerCoordinator({ redis: conn, prefix });
  coordinators.push(coordinator);
  const bank = createResilientBank(isoAdapter(sim), { coordinator, rateLimiter: createRedisRateLimiter({ redis: conn, prefix }) });
  wrapped.push(bank);
  return simContractSubject(sim, bank, { debtor: ISO_DEBTOR, closed: ISO_CLOSED });
});
