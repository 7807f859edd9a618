import type { FastifyReply, FastifyRequest } from 'fastify';
import type { SimClock } from '../clock/sim-clock.ts';
import type { OutageMode, SimOperation } from '../config/sim-config.schema.ts';
import type { SimBank } from '../engine/sim-bank.ts';
import { hash32 } from '../random/prng.ts';
import type { RequestLog, RequestRecord } from '../ground-truth/request-log.ts';
import type { Holds } from './holds.ts';

/** What every route needs. */
export interface SimContext {
  readonly clock: SimClock;
  readonly banks: ReadonlyMap<string, SimBank>;
  readonly log: RequestLog;
  readonly holds: Holds;
  readonly maxHoldMs: number;
  readonly seed: string;
}

/** Bank routes declare their operation in route config; the onRequest hook logs arrivals with it. */
export interface BankRouteConfig {
  readonly simOperation: SimOperation;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** bank-sim: which bank operation a route serves (for the ground-truth request log). */
    simOperation?: SimOperation;
  }
}

const records = new WeakMap<FastifyRequest, RequestRecord>();

export function rememberRecord(request: FastifyRequest, record: RequestRecord): void {
  records.set(request, record);
}

export function recordOf(request: FastifyRequest): RequestRecord | undefined {
  return records.get(request);
}

/** Note what happened on the request's ground-truth record. */
export function note(request: FastifyRequest, handling: string, endToEndIds?: readonly string[]): void {
  const r = records.get(request);
  if (r === undefined) return;
  r.handling = handling;
  if (endToEndIds !== undefined) r.endToEndIds = endToEndIds;
}

/** Apply an outage: 503, hold until the client gives up, or reset the connection. */
export async function applyOutage(ctx: SimContext, mode: OutageMode, request: FastifyRequest, reply: FastifyReply): Promise<void> {
  note(request, `outage_${mode}`);
  switch (mode) {
    case 'http_503':
      await reply.code(503).type('text/plain').send('Service Unavailable (simulated outage)');
      return;
    case 'hang':
      await ctx.holds.hold(reply);
      return;
    case 'reset':
      ctx.holds.reset(request, reply);
      return;
  }
}

/** Wait the bank's simulated latency in real time (skipped when the clock is frozen). */
export async function latency(ctx: SimContext, bank: SimBank, key: string): Promise<void> {
  const { min, max } = bank.config.behaviour.latencyMs;
  if (max <= 0) return;
  const simMs = min + (hash32(`${ctx.seed}|latency|${key}`) % (max - min + 1));
  const real = ctx.clock.realMsFor(simMs);
  if (!Number.isFinite(real) || real <= 0) return;
  await new Promise((resolve) => setTimeout(resolve, Math.min(real, ctx.maxHoldMs)));
}

/** A deterministic pick among garbage bodies. */
export function garbageFor(options: readonly string[], key: string): string {
  return options[hash32(key) % options.length] ?? '';
}
