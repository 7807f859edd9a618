import { randomUUID } from 'node:crypto';
import Fastify, { LogController } from 'fastify';
import swagger from '@fastify/swagger';
import type { Logger } from 'pino';
import { createIntakeWriter, describeDbError, pingDatabase, type Db, type IntakeWriter } from '@payout/db';
import type { NextStepDispatcher } from '@payout/queue';
import { authenticate, requireScope } from '../auth/authenticate.ts';
import { PrincipalCache } from '../auth/principal-cache.ts';
import { registerCreatePayout } from '../payouts/create-payout.route.ts';
import { registerGetPayout } from '../payouts/get-payout.route.ts';
import { registerListPayouts } from '../payouts/list-payouts.route.ts';
import { opsDepsFrom, registerOpsRoutes, type OpsOptions } from '../ops/index.ts';
import { createApiMetrics, type ApiMetrics } from '../metrics/api-metrics.ts';
import { statementsPlugin } from '../statements/statements.plugin.ts';
import { liquidityPlugin } from '../liquidity/liquidity.plugin.ts';
import { PayoutError } from '@payout/domain';
import type { ApiApp } from './api-app.ts';
import { makeClientErrorHandler, RouteMethods } from './http-edges.ts';
import { utf8JsonParser } from './utf8-json-body.ts';
import { PROBLEM_CONTENT_TYPE, problemBody, RETRY_AFTER_SECONDS, sendProblem } from './problem.ts';
import { jsonSerializerCompiler, zodSwaggerTransform, zodValidatorCompiler, type ZodTypeProvider } from './zod-schema.ts';

export interface ApiDeps {
  readonly db: Db;
  /** Where `submit` hints for new payouts go (after the intake commit). */
  readonly hints: NextStepDispatcher;
  readonly logger: Logger;
  /** Largest accepted body (default 64 KiB; a payout request is under 2 KiB). */
  readonly bodyLimitBytes?: number;
  /** How long a resolved API key is cached (default 5 s; revocation delay). */
  readonly authCacheTtlMs?: number;
  /** Intake batching (defaults: 200 per batch, 4 batches at once). */
  readonly intakeBatch?: { readonly maxBatchSize?: number; readonly maxConcurrent?: number };
  /** Ops API settings (clock, ledger store, thresholds); defaults when absent. */
  readonly ops?: OpsOptions;
  /** Real ms a request (headers and body) may take to arrive before a 408 (default 30 s). */
  readonly requestTimeoutMs?: number;
  /** Prometheus registry served at GET /metrics (default: one built on `db`). */
  readonly metrics?: ApiMetrics;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;
const MAX_PATH_SEGMENT = 100;
/** How long readiness waits for the database before saying no. */
const READY_TIMEOUT_MS = 1_000;

/**
 * The HTTP API as a Fastify instance (not listening): tests use `inject()` or `listen()`,
 * main.ts listens. Closing the app drains the intake batcher.
 *
 * @example
 *   const app = buildApp({ db, hints, logger });
 *   await app.listen({ port: 3000 });
 */
export function buildApp(deps: ApiDeps): ApiApp {
  const requestTimeoutMs = deps.requestTimeoutMs ?? 30_000;
  const app = Fastify({
    loggerInstance: deps.logger,
    bodyLimit: deps.bodyLimitBytes ?? 64 * 1024,
    // Per-request lines cost CPU at thousands of requests/s; refusals and failures are logged by the error handler.
    logController: new LogController({ disableRequestLogging: true }),
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    // Fastify's own 503 while draining is plain JSON; ours (below) is problem+json.
    return503OnClosing: false,
    requestTimeout: requestTimeoutMs,
    // Node looks for overdue requests every 30 s by default: a 408 would come up to 30 s late.
    http: {
      headersTimeout: requestTimeoutMs,
      connectionsCheckingInterval: Math.max(250, Math.min(5_000, Math.floor(requestTimeoutMs / 2))),
    },
    // Longer than any id this API issues (UUIDs, 64-character account ids): a 414, not a lookup.
    routerOptions: { maxParamLength: MAX_PATH_SEGMENT },
    // The HTTP parser's and the router's own refusals leave through the same problem+json path.
    clientErrorHandler: makeClientErrorHandler(deps.logger),
    frameworkErrors: (err, req, reply) => {
      void sendProblem(err, req, reply);
    },
  }).withTypeProvider<ZodTypeProvider>();
  return configure(app, deps);
}

function configure(app: ApiApp, deps: ApiDeps): ApiApp {
  app.setValidatorCompiler(zodValidatorCompiler);
  app.setSerializerCompiler(jsonSerializerCompiler);
  // JSON only: a text/plain body must be refused (415), not parsed as a string.
  app.removeContentTypeParser('text/plain');
  // UTF-8 only, checked byte by byte: Fastify's parser would store U+FFFD in place of bad bytes.
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, utf8JsonParser(parseJson));
  app.decorateRequest('principal', null);
  app.setErrorHandler((err, req, reply) => sendProblem(err, req, reply));
  const routeMethods = new RouteMethods();
  app.addHook('onRoute', (route) => routeMethods.add(route.url, route.method));
  app.setNotFoundHandler((req, reply) => {
    const allowed = routeMethods.allowed(req.url.split('?')[0] ?? '');
    if (allowed.length > 0 && !allowed.includes(req.method)) {
      void reply.header('allow', allowed.join(', '));
      return sendProblem(
        new PayoutError('PAYOUT_E_METHOD_NOT_ALLOWED', `${req.method} is not allowed here; use ${allowed.join(', ')}`),
        req,
        reply,
      );
    }
    return sendProblem(
      new PayoutError('PAYOUT_E_NOT_FOUND', `no route ${req.method} ${maskedPath(req.url)}; see /openapi.json`),
      req,
      reply,
    );
  });
  app.addHook('onSend', async (req, reply) => {
    void reply.header('x-request-id', String(req.id));
  });
  const metrics =
    deps.metrics ??
    createApiMetrics({
      db: deps.db,
      onGaugeError: (source, err) => deps.logger.warn({ source, err: describeDbError(err) }, 'metrics: gauge read failed'),
    });
  app.addHook('onResponse', async (req, reply) => {
    metrics.observe({
      method: req.method,
      route: req.routeOptions.url,
      statusCode: reply.statusCode,
      seconds: reply.elapsedTime / 1000,
      replayed: reply.getHeader('idempotent-replayed') === 'true',
    });
  });

  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  const cache = new PrincipalCache({ ttlMs: deps.authCacheTtlMs ?? 5_000 });
  app.addHook('onRequest', async (req, reply) => {
    if (closing) {
      void reply.header('connection', 'close');
      throw new PayoutError(
        'PAYOUT_E_SHUTTING_DOWN',
        'this API instance is shutting down; nothing was done; retry after Retry-After seconds',
      );
    }
    const config = req.routeOptions.config;
    if (config.public === true) return;
    const principal = await authenticate(deps.db, cache, req);
    req.principal = principal;
    if (config.scopes !== undefined) requireScope(principal, config.scopes);
  });

  const intake: IntakeWriter = createIntakeWriter({
    db: deps.db,
    ...deps.intakeBatch,
    afterCommit: async (created) => {
      await deps.hints.dispatch(
        'submit',
        created.map((p) => ({ payoutId: p.id, version: p.version })),
      );
    },
    onAfterCommitError: (err, created) => {
      deps.logger.warn({ err: describeDbError(err), payouts: created.length }, 'submit hints not enqueued; the sweeper will re-send them');
    },
  });
  app.addHook('onClose', async () => {
    await intake.close();
  });

  void app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Payout Worker API',
        version: '1.0.0',
        description: 'Payout intake and queries. Errors are RFC 9457 problem+json with a stable `code` (docs/errors.md).',
      },
      components: {
        securitySchemes: {
          bearerKey: { type: 'http', scheme: 'bearer', description: 'Authorization: Bearer <API key>' },
          headerKey: { type: 'apiKey', in: 'header', name: 'X-Api-Key' },
        },
      },
      security: [{ bearerKey: [] }, { headerKey: [] }],
    },
    transform: zodSwaggerTransform,
  });

  // Routes go in a plugin registered after swagger, so swagger's onRoute hook sees them.
  void app.register(async (instance) => {
    // Same server, logger and type provider as `app`; Fastify's plugin typing does not carry them.
    const routes = instance as unknown as ApiApp;
    registerCreatePayout(routes, intake);
    registerGetPayout(routes, deps.db);
    registerListPayouts(routes, deps.db);
    void routes.register(statementsPlugin, { db: deps.db });
    void routes.register(liquidityPlugin, { db: deps.db, clock: deps.ops?.clock });
    registerOpsRoutes(routes, opsDepsFrom(deps, deps.ops));
    routes.get('/openapi.json', { config: { public: true }, schema: { hide: true } }, async () => app.swagger());
    // Prometheus scrape; keep it off the public ingress (docs/production.md).
    routes.get('/metrics', { config: { public: true }, schema: { hide: true } }, async (_req, reply) =>
      reply.type(metrics.registry.contentType).send(await metrics.registry.metrics()),
    );
    // Liveness: the process serves requests (a database outage is no reason to restart it).
    routes.get('/healthz', { config: { public: true }, schema: { hide: true } }, async () => ({ status: 'ok' }));
    // Readiness: requests that need the database can succeed now; false while it is unreachable or stalled.
    routes.get('/readyz', { config: { public: true }, schema: { hide: true } }, async (req, reply) => {
      if (await pingDatabase(deps.db, READY_TIMEOUT_MS)) return { status: 'ready' };
      return reply
        .code(503)
        .header('retry-after', String(RETRY_AFTER_SECONDS))
        .type(PROBLEM_CONTENT_TYPE)
        .send(problemBody('PAYOUT_E_DATABASE_UNAVAILABLE', 'the database does not answer', String(req.id)));
    });
  });
  return app;
}

/** A path for a message: without the query string, at most 80 characters. */
function maskedPath(url: string): string {
  const path = url.split('?')[0] ?? '';
  return path.length > 80 ? `${path.slice(0, 80)}…` : path;
}
