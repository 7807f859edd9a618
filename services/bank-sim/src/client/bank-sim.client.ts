import type { OutageConfig, SimOperation } from '../config/sim-config.schema.ts';
import type { ScriptedBehaviour } from '../engine/sim-bank.ts';
import type { RequestRecord } from '../ground-truth/request-log.ts';

/** A transfer as GET /ground-truth/transfers returns it. */
export interface GroundTruthTransfer {
  readonly bankId: string;
  readonly endToEndId: string;
  readonly occurrence: number;
  readonly payoutId: string | null;
  readonly amountMinor: string;
  readonly currency: string;
  readonly behaviour: string;
  readonly state: 'pending' | 'succeeded' | 'failed' | 'rejected' | 'returned';
  readonly executed: boolean;
  readonly reasonCode: string | null;
  readonly bankReference: string;
  readonly submittedAt: string;
  readonly bookedAt: string | null;
  readonly returnAt: string | null;
  readonly returnReason: string | null;
}

export type GroundTruthRequest = RequestRecord;

type Filter = { readonly bankId?: string; readonly endToEndId?: string; readonly payoutId?: string };

/**
 * The simulator's admin and ground-truth API over HTTP, for tests, the demo and chaos
 * suites running against a simulator in another process.
 *
 * @example
 *   const sim = new BankSimClient(url);
 *   await sim.script('cn-icbc', 'E2E-1', 'timeoutAfterExecution');
 *   expect(await sim.executions({ payoutId })).toHaveLength(1);
 */
export class BankSimClient {
  private readonly base: string;

  constructor(baseUrl: string) {
    this.base = baseUrl.replace(/\/+$/, '');
  }

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const init: RequestInit = { method };
    if (body !== undefined) {
      init.body = JSON.stringify(body);
      init.headers = { 'content-type': 'application/json' };
    }
    const res = await fetch(`${this.base}${path}`, init);
    const text = await res.text();
    if (!res.ok) throw new Error(`bank-sim ${method} ${path} → HTTP ${res.status}: ${text.slice(0, 300)}`);
    return JSON.parse(text) as T;
  }

  private static qs(filter: Record<string, string | number | undefined>): string {
    const p = new URLSearchParams();
    for (const [k, v] of Object.entries(filter)) if (v !== undefined) p.set(k, String(v));
    const s = p.toString();
    return s.length === 0 ? '' : `?${s}`;
  }

  clock(): Promise<{ now: string; speed: number }> {
    return this.call('GET', '/admin/clock');
  }

  setClock(change: {
    readonly set?: string;
    readonly advanceMs?: number;
    readonly speed?: number;
  }): Promise<{ now: string; speed: number }> {
    return this.call('POST', '/admin/clock', change);
  }

  credit(bankId: string, account: string, amountMinor: bigint, reference?: string): Promise<{ balanceMinor: string }> {
    return this.call('POST', `/admin/banks/${bankId}/credit`, {
      account,
      amountMinor: amountMinor.toString(),
      ...(reference === undefined ? {} : { reference }),
    });
  }

  addOutage(
    bankId: string,
    outage: { readonly operation: SimOperation; readonly from?: string; readonly to?: string; readonly mode?: OutageConfig['mode'] },
  ): Promise<unknown> {
    return this.call('POST', `/admin/banks/${bankId}/outages`, outage);
  }

  clearOutages(bankId: string, operation?: SimOperation): Promise<unknown> {
    return this.call('DELETE', `/admin/banks/${bankId}/outages${BankSimClient.qs({ operation })}`);
  }

  script(bankId: string, endToEndId: string, behaviour: ScriptedBehaviour): Promise<unknown> {
    return this.call('PUT', `/admin/banks/${bankId}/scripts/${encodeURIComponent(endToEndId)}`, { behaviour });
  }

  async transfers(filter: Filter = {}): Promise<readonly GroundTruthTransfer[]> {
    return (await this.call<{ transfers: GroundTruthTransfer[] }>('GET', `/ground-truth/transfers${BankSimClient.qs(filter)}`)).transfers;
  }

  async executions(filter: Filter = {}): Promise<readonly GroundTruthTransfer[]> {
    return (await this.call<{ executions: GroundTruthTransfer[] }>('GET', `/ground-truth/executions${BankSimClient.qs(filter)}`))
      .executions;
  }

  async requests(
    filter: { readonly bankId?: string; readonly operation?: SimOperation; readonly sinceSeq?: number } = {},
  ): Promise<readonly GroundTruthRequest[]> {
    return (await this.call<{ requests: GroundTruthRequest[] }>('GET', `/ground-truth/requests${BankSimClient.qs(filter)}`)).requests;
  }

  async balances(
    bankId: string,
  ): Promise<readonly { account: string; balanceMinor: string; reservedMinor: string; availableMinor: string }[]> {
    return (
      await this.call<{ accounts: { account: string; balanceMinor: string; reservedMinor: string; availableMinor: string }[] }>(
        'GET',
        `/ground-truth/banks/${bankId}/balances`,
      )
    ).accounts;
  }

  async returns(bankId?: string): Promise<readonly GroundTruthTransfer[]> {
    return (await this.call<{ returns: GroundTruthTransfer[] }>('GET', `/ground-truth/returns${BankSimClient.qs({ bankId })}`)).returns;
  }
}
