import { bankAdapterContract, type ContractScript } from '../contract/bank-adapter.contract.ts';
import type { FakeBehaviour } from './fake-bank.adapter.ts';
import { createFakeBank } from './fake-bank.adapter.ts';

const SCRIPTS: Readonly<Record<ContractScript, FakeBehaviour>> = {
  timeout_after_execution: { kind: 'timeout_after_execution' },
  unrecognised_status: { kind: 'unrecognised_status' },
  pending_then_success: { kind: 'pending', queries: 2, then: 'succeeded' },
};

bankAdapterContract('in-memory fake', async () => {
  const fake = createFakeBank({ closedAccounts: ['6222000000000000000'] });
  return {
    adapter: fake,
    debtorAccount: { scheme: 'cn_bank', accountNumber: '6222020200001234567' },
    beneficiary: (n) => ({ name: `收款人${n}`, account: { scheme: 'cn_bank', accountNumber: `62220000000${String(n).padStart(8, '0')}` } }),
    closedBeneficiary: { name: '已销户', account: { scheme: 'cn_bank', accountNumber: '6222000000000000000' } },
    script: async (e2e, b) => fake.script(e2e, SCRIPTS[b]),
    executions: async (e2e) => fake.executions({ endToEndId: e2e }).length,
    advance: async (ms) => fake.advance(ms),
    now: async () => fake.now(),
    close: async () => undefined,
  };
});
