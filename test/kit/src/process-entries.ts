import { createRequire } from 'node:module';

/**
 * The workers process (services/workers/src/main.ts), found through the package's `./main`
 * export as a process manager would start it, never through a path relative to this folder.
 */
export const WORKERS_MAIN = createRequire(import.meta.url).resolve('@payout/workers/main');
