import { afterAll, describe, expect, it } from 'vitest';
import { money } from '@payout/domain';
import type { BankAdapter, PaymentInstruction } from '@payout/bank';
import { BankSimClient } from '../client/bank-sim.client.ts';
import { startBankSim, type RunningBankSim } from '../server.ts';
import { CN_DEBTOR, ISO_DEBTOR, cnAdapter, isoAdapter, twoBankSimConfig } from './test-banks.ts';

// Every behaviour in play, including timeouts (held until the 1 s client deadline).
const mixed = {
  request: { ok: 84, timeoutBeforeExecution: 2, timeoutAfterExecution: 2, http5xx: 6, garbage: 6 },
  transaction: { success: 40, pendingThenSuccess: 20, pendingThenFailure: 10, reject: 20, unrecognisedStatus: 10 },
  rejectReasons: [
    { code: 'AC04', weight: 1 },
    { code: 'AC01', weight: 1 },
    { code: 'AM05', weight: 1 },
  ],
};

function instructions(dialect: 'iso' | 'cn', count: number): PaymentInstruction[] {
  return Array.from({ length: count }, (_, i) => ({
    endToEndId: `DET-${dialect}-${i}`,
    payoutId: `payout-${dialect}-${i}`,
    amount: money(BigInt(1_000 + i), dialect === 'iso' ? 'EUR' : 'CNY'),
    debtorAccount: dialect === 'iso' ? { scheme: 'iban', accountNumber: ISO_DEBTOR } : { scheme: 'cn_bank', accountNumber: CN_DEBTOR },
    beneficiary:
      dialect === 'iso'
        ? { name: `Beneficiary ${i}`, account: { scheme: 'iban', accountNumber: 'FR1420041010050500013M02606' } }
        : { name: `收款人${i}`, account: { scheme: 'cn_bank', accountNumber: `6217${String(i).padStart(15, '0')}` } },
    requestedExecutionDate: '2026-01-05',
  }));
}

/** Submit everything (in the given order, some concurrently) and describe what happened per id. */
async function run(seed: string, order: 'forward' | 'reverse'): Promise<{ sim: RunningBankSim; outcome: Map<string, string> }> {
  const sim = await startBankSim(twoBankSimConfig(seed, { iso: { behaviour: mixed }, cn: { behaviour: mixed } }));
  const client = new BankSimClient(sim.url);
  const outcome = new Map<string, string>();
  const jobs: [BankAdapter, PaymentInstruction][] = [
    ...instructions('iso', 20).map((i) => [isoAdapter(sim), i] as [BankAdapter, PaymentInstruction]),
    ...instructions('cn', 20).map((i) => [cnAdapter(sim), i] as [BankAdapter, PaymentInstruction]),
  ];
  if (order === 'reverse') jobs.reverse();
  // Four at a time: arrival order differs between runs, outcomes must not.
  for (let k = 0; k < jobs.length; k += 4) {
    await Promise.all(
      jobs.slice(k, k + 4).map(async ([adapter, i]) => {
        const out = await adapter.submit(i, AbortSignal.timeout(1_000));
        const answer = out.kind === 'unknown' ? `unknown:${out.cause}` : out.kind === 'rejected' ? `rejected:${out.code}` : out.kind;
        outcome.set(i.endToEndId, answer);
      }),
    );
  }
  for (const t of await client.transfers()) {
    outcome.set(
      t.endToEndId,
      `${outcome.get(t.endToEndId) ?? ''} | ${t.behaviour} ${t.state} ${t.reasonCode ?? '-'} ${t.executed} ${t.bankReference}`,
    );
  }
  return { sim, outcome };
}

describe('bank-sim determinism', () => {
  const sims: RunningBankSim[] = [];
  afterAll(async () => {
    await Promise.all(sims.map((s) => s.close()));
  });

  it('the same seed gives the same outcomes, whatever the arrival order; another seed gives others', async () => {
    const a = await run('seed-1', 'forward');
    const b = await run('seed-1', 'reverse');
    const c = await run('seed-2', 'forward');
    sims.push(a.sim, b.sim, c.sim);
    const sorted = (m: Map<string, string>): [string, string][] => [...m.entries()].sort(([x], [y]) => x.localeCompare(y));
    expect(sorted(a.outcome)).toHaveLength(40);
    expect(sorted(b.outcome)).toEqual(sorted(a.outcome));
    expect(sorted(c.outcome)).not.toEqual(sorted(a.outcome));
    // The mix really exercised the behaviours (not 40 plain successes).
    const kinds = new Set([...a.outcome.values()].map((v) => v.split(' | ')[0]));
    expect(kinds.size).toBeGreaterThanOrEqual(4);
  });
});
