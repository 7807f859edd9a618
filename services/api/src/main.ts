// Composition root of the HTTP API: config once, adapters, listen, graceful shutdown.
// The only file of this service that reads process.env or exits the process.
import { isPayoutError } from '@payout/domain';
import { createDb, migrateToLatest, startCalendarSync, syncCalendarYears } from '@payout/db';
import { createNextStepDispatcher, redisOptionsFromUrl } from '@payout/queue';
import { buildApp } from './app/build-app.ts';
import { parseApiConfig, type ApiConfig } from './config/api-config.ts';
import { createLogger } from './logging/logger.ts';

async function main(): Promise<void> {
  let config: ApiConfig;
  try {
    config = parseApiConfig(process.env);
  } catch (err) {
    process.stderr.write(
      `error [${isPayoutError(err) ? err.code : 'PAYOUT_E_CONFIG_INVALID'}]: ${err instanceof Error ? err.message : String(err)}\n`,
    );
    process.exit(2);
  }
  const logger = createLogger({ level: config.logLevel, name: 'api' });
  const db = createDb({
    url: config.databaseUrl,
    maxConnections: config.dbPoolSize,
    connectionTimeoutMs: config.dbConnectTimeoutMs,
    applicationName: 'payout-api',
    onIdleClientError: (err) => logger.warn({ err }, 'idle database connection failed'),
  });
  if (config.migrateOnStart) {
    const applied = await migrateToLatest(db);
    logger.info({ applied }, 'migrations applied');
  }
  // Approved imported calendar years (plans, coverage): at start, then every CALENDAR_REFRESH_MS.
  const calendarLog = (r: { changed: boolean; years: readonly string[] }): void => {
    if (r.changed) logger.info({ years: r.years }, 'imported calendar years installed');
  };
  await syncCalendarYears(db).then(calendarLog, (err: unknown) =>
    logger.warn({ err }, 'could not load imported calendar years; built-in years only until the next refresh'),
  );
  const stopCalendarSync = startCalendarSync(db, {
    intervalMs: config.calendarRefreshMs,
    onResult: calendarLog,
    onError: (err) => logger.warn({ err }, 'calendar refresh failed'),
  });
  const hints = createNextStepDispatcher({
    connection: redisOptionsFromUrl(config.redisUrl),
    prefix: config.queuePrefix,
    onConnectionError: (err) => logger.warn({ err: err.message }, 'redis connection error (submit hints wait for the sweeper meanwhile)'),
  });
  const app = buildApp({
    db,
    hints,
    logger,
    bodyLimitBytes: config.bodyLimitBytes,
    requestTimeoutMs: config.requestTimeoutMs,
    authCacheTtlMs: config.authCacheTtlMs,
    intakeBatch: config.intakeBatch,
  });
  const address = await app.listen({ host: config.host, port: config.port });
  logger.info({ address }, 'api listening');
  process.send?.({ event: 'ready', address });

  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping: refusing new requests, finishing those in flight');
    const hardStop = setTimeout(() => {
      logger.error({ graceMs: config.shutdownGraceMs }, 'shutdown grace period over; exiting');
      process.exit(1);
    }, config.shutdownGraceMs);
    hardStop.unref();
    stopCalendarSync();
    // app.close() stops accepting, waits for in-flight requests and drains the intake batcher.
    app
      .close()
      .then(() => hints.close())
      .then(() => db.destroy())
      .then(
        () => {
          logger.info({}, 'stopped');
          process.exit(0);
        },
        (err: unknown) => {
          logger.error({ err }, 'shutdown failed');
          process.exit(1);
        },
      );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((err: unknown) => {
  process.stderr.write(
    `error [PAYOUT_E_INTERNAL]: api failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
  );
  process.exit(1);
});
