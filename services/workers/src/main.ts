// Composition root of the workers process: config once, build, start the configured roles,
// stop cleanly on SIGTERM/SIGINT. The only file in this service that reads process.env.
import { readFileSync } from 'node:fs';
import { isPayoutError } from '@payout/domain';
import { parseWorkerConfig } from './config/worker-config.ts';
import { createWorkerLogger } from './logging/worker-logger.ts';
import { startWorkerProcess } from './runtime/worker-process.ts';

async function main(): Promise<void> {
  let config;
  try {
    config = parseWorkerConfig(process.env, (path) => readFileSync(path, 'utf8'));
  } catch (error) {
    process.stderr.write(
      `error [${isPayoutError(error) ? error.code : 'PAYOUT_E_CONFIG_INVALID'}]: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exit(2);
  }
  const logger = createWorkerLogger(config.logLevel, {});
  const worker = await startWorkerProcess(config, logger);
  // One JSON line tells a parent process (demo, tests) that the roles run.
  process.send?.({ event: 'ready', pid: process.pid, metricsPort: worker.metricsPort ?? null });
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping: no new work; finishing what is in flight');
    worker.stop().then(
      () => {
        logger.info({}, 'stopped');
        process.exit(0);
      },
      (error: unknown) => {
        logger.error({ err: error instanceof Error ? error.message : String(error) }, 'stop failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('disconnect', () => stop('disconnect'));
}

main().catch((error: unknown) => {
  process.stderr.write(
    `error [PAYOUT_E_INTERNAL]: workers failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
