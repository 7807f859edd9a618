import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { createSimClock, type SimClock } from './clock/sim-clock.ts';
import { parseSimConfig, type SimConfig, type SimConfigInput } from './config/sim-config.schema.ts';
import { SimBank } from './engine/sim-bank.ts';
import { RequestLog } from './ground-truth/request-log.ts';
import { registerAdminRoutes } from './http/admin.routes.ts';
import { registerCnRoutes } from './http/cn.routes.ts';
import { Holds } from './http/holds.ts';
import { registerIsoRoutes } from './http/iso.routes.ts';
import { rememberRecord, type BankRouteConfig, type SimContext } from './http/sim-context.ts';

export interface StartBankSimOptions {
  /** 0 (default) picks a free port. */
  readonly port?: number;
  /** Loopback by default. */
  readonly host?: string;
  /** A pino logger for request logs; silent when absent. */
  readonly logger?: FastifyBaseLogger;
}

export interface RunningBankSim {
  /** e.g. `http://127.0.0.1:41234` */
  readonly url: string;
  readonly port: number;
  readonly config: SimConfig;
  readonly clock: SimClock;
  /** In-process access to each bank's engine (tests; the HTTP ground-truth API says the same). */
  readonly banks: ReadonlyMap<string, SimBank>;
  readonly requestLog: RequestLog;
  /** Base URL of one bank's API (`…/iso/<id>` or `…/cn/<id>`). */
  bankUrl(bankId: string): string;
  close(): Promise<void>;
}

/** Build the Fastify app without listening (inject() tests). */
export function buildBankSimApp(config: SimConfig, logger?: FastifyBaseLogger): { app: FastifyInstance; ctx: SimContext } {
  const clock = createSimClock(new Date(config.clock.start), config.clock.speed);
  const banks = new Map(config.banks.map((b) => [b.id, new SimBank(b, config.seed, clock)] as const));
  const ctx: SimContext = {
    clock,
    banks,
    log: new RequestLog(),
    holds: new Holds(config.maxHoldMs),
    maxHoldMs: config.maxHoldMs,
    seed: config.seed,
  };
  const app = Fastify({
    bodyLimit: 20 * 1024 * 1024,
    ...(logger === undefined ? { logger: false } : { loggerInstance: logger }),
    forceCloseConnections: true,
  });
  app.addContentTypeParser(['application/xml', 'text/xml'], { parseAs: 'string' }, (_req, body, done) => done(null, body));
  app.addHook('onRequest', async (request) => {
    const cfg = request.routeOptions.config as Partial<BankRouteConfig> | undefined;
    const bankId = (request.params as { bankId?: unknown } | undefined)?.bankId;
    if (cfg?.simOperation !== undefined && typeof bankId === 'string' && ctx.banks.has(bankId)) {
      rememberRecord(request, ctx.log.record(bankId, cfg.simOperation, clock.nowMs()));
    }
  });
  registerIsoRoutes(app, ctx);
  registerCnRoutes(app, ctx);
  registerAdminRoutes(app, ctx);
  app.addHook('onClose', async () => ctx.holds.releaseAll());
  return { app, ctx };
}

/**
 * Start the simulator in this process. Tests and the demo use it directly; main.ts wraps it
 * for a child process.
 *
 * @example
 *   const sim = await startBankSim({ seed: 42, clock: { start: '2026-01-05T01:00:00Z' }, banks: [...] });
 *   const adapter = createCnJsonAdapter(profile, { baseUrl: sim.bankUrl('cn-bank') });
 *   …
 *   await sim.close();
 */
export async function startBankSim(input: SimConfigInput | SimConfig, options: StartBankSimOptions = {}): Promise<RunningBankSim> {
  const config = parseSimConfig(input);
  const { app, ctx } = buildBankSimApp(config, options.logger);
  const host = options.host ?? '127.0.0.1';
  await app.listen({ port: options.port ?? 0, host });
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  return {
    url,
    port,
    config,
    clock: ctx.clock,
    banks: ctx.banks,
    requestLog: ctx.log,
    bankUrl(bankId: string) {
      const bank = ctx.banks.get(bankId);
      if (bank === undefined) throw new Error(`no bank ${bankId} in this simulator`);
      return `${url}/${bank.config.dialect === 'iso20022' ? 'iso' : 'cn'}/${bankId}`;
    },
    async close() {
      ctx.holds.releaseAll();
      await app.close();
    },
  };
}
