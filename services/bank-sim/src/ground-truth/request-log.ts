import type { SimOperation } from '../config/sim-config.schema.ts';

/** One request as it arrived at the simulator; filled in by the handler as it learns more. */
export interface RequestRecord {
  readonly seq: number;
  readonly bankId: string;
  readonly operation: SimOperation;
  /** Real arrival time, epoch ms with sub-ms precision (rate-limit checks use this). */
  readonly at: number;
  /** Simulated arrival time, epoch ms. */
  readonly simAt: number;
  endToEndIds: readonly string[];
  /** What the simulator did: ok, http_5xx, garbage, held, reset, outage_503 … */
  handling: string;
}

/** Every bank request, in arrival order, capped so a long demo cannot exhaust memory. */
export class RequestLog {
  private readonly records: RequestRecord[] = [];
  private seq = 0;
  private dropped = 0;
  private readonly cap: number;

  constructor(cap = 500_000) {
    this.cap = cap;
  }

  record(bankId: string, operation: SimOperation, simAt: number): RequestRecord {
    this.seq += 1;
    const r: RequestRecord = {
      seq: this.seq,
      bankId,
      operation,
      at: performance.timeOrigin + performance.now(),
      simAt,
      endToEndIds: [],
      handling: 'pending',
    };
    this.records.push(r);
    if (this.records.length > this.cap) {
      this.records.splice(0, this.records.length - this.cap);
      this.dropped += 1;
    }
    return r;
  }

  list(
    filter: { readonly bankId?: string | undefined; readonly operation?: string | undefined; readonly sinceSeq?: number | undefined } = {},
  ): readonly RequestRecord[] {
    return this.records.filter(
      (r) =>
        (filter.bankId === undefined || r.bankId === filter.bankId) &&
        (filter.operation === undefined || r.operation === filter.operation) &&
        (filter.sinceSeq === undefined || r.seq > filter.sinceSeq),
    );
  }

  /** Request counts per bank × operation. */
  counts(): Record<string, Record<string, number>> {
    const out: Record<string, Record<string, number>> = {};
    for (const r of this.records) {
      const bank = (out[r.bankId] ??= {});
      bank[r.operation] = (bank[r.operation] ?? 0) + 1;
    }
    return out;
  }

  get truncated(): boolean {
    return this.dropped > 0;
  }
}
