// Composition root of the bank simulator process: config once, start, print where it
// listens, stop on a signal. Nothing else in this service reads process.env.
import { loadBankSimConfig } from './config/env-config.ts';
import { createBankSimLogger } from './logging/bank-sim-logger.ts';
import { startBankSim } from './server.ts';

const logger = createBankSimLogger(process.env['LOG_LEVEL'] ?? 'info');

async function main(): Promise<void> {
  const config = loadBankSimConfig(process.env, process.argv.slice(2));
  const sim = await startBankSim(config.sim, {
    port: config.port,
    host: config.host,
    logger: logger.child({ component: 'http' }, { level: 'warn' }),
  });
  const listening = { event: 'listening', url: sim.url, port: sim.port, banks: [...sim.banks.keys()] };
  // One JSON line on stdout (and an IPC message when forked) tells a parent the bound port.
  process.stdout.write(`${JSON.stringify(listening)}\n`);
  process.send?.(listening);
  logger.info(listening, 'bank simulator listening');
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    sim.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: String(error) }, 'close failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('disconnect', () => stop('disconnect'));
}

main().catch((error: unknown) => {
  logger.fatal(
    { err: error instanceof Error ? { message: error.message, code: (error as { code?: unknown }).code } : String(error) },
    'bank simulator failed to start',
  );
  process.exit(1);
});
