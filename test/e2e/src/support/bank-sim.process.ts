import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BankSimClient, type SimConfigInput } from '@payout/bank-sim';
import { forkChild, type ManagedChild } from './child-process.ts';

const SIM_MAIN = fileURLToPath(new URL('../../../../services/bank-sim/src/main.ts', import.meta.url));

export interface BankSimProcess {
  readonly url: string;
  readonly client: BankSimClient;
  readonly child: ManagedChild;
  stop(): Promise<void>;
}

/** The bank simulator as its own process (its real entry point), configured by a JSON file. */
export async function startBankSimProcess(config: SimConfigInput, dir: string): Promise<BankSimProcess> {
  const configFile = join(dir, 'bank-sim.json');
  writeFileSync(configFile, JSON.stringify(config));
  const child = forkChild(SIM_MAIN, {
    env: { BANK_SIM_CONFIG: configFile, BANK_SIM_PORT: '0', LOG_LEVEL: 'warn' },
    logFile: join(dir, 'bank-sim.log'),
    isReady: (m) => m['event'] === 'listening',
  });
  const ready = await child.ready;
  const url = String(ready['url']);
  return {
    url,
    client: new BankSimClient(url),
    child,
    stop: async () => {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await child.exited;
      clearTimeout(timer);
    },
  };
}
