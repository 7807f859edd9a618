import type { Db } from '@payout/db';
import type { Logger } from 'pino';
import { pgOpsLedger, pgOpsLedgerReader } from './ledger/pg-ops-ledger.ts';
import {
  DEFAULT_OPS_SETTINGS,
  type OpsDeps,
  type OpsLedgerPort,
  type OpsLedgerReader,
  type OpsSettings,
  type OpsWorkHints,
} from './ops-deps.ts';

/** What a deployment (or a test) may set for the ops API; everything else has a default. */
export interface OpsOptions {
  readonly clock?: () => Date;
  /** Default: the Postgres ledger store (migration 0100_ledger); `null` = no ledger postings. */
  readonly ledger?: OpsLedgerPort | null;
  readonly ledgerReader?: OpsLedgerReader | null;
  readonly settings?: Partial<OpsSettings>;
}

/** The ops dependencies from the API's own (db, hints, logger) plus the ops options. */
export function opsDepsFrom(
  api: { readonly db: Db; readonly hints?: OpsWorkHints; readonly logger?: Logger },
  options: OpsOptions = {},
): OpsDeps {
  const logger = api.logger;
  return {
    db: api.db,
    clock: options.clock ?? (() => new Date()),
    hints: api.hints,
    ledger: options.ledger === null ? undefined : (options.ledger ?? pgOpsLedger),
    ledgerReader: options.ledgerReader === null ? undefined : (options.ledgerReader ?? pgOpsLedgerReader),
    settings: Object.freeze({ ...DEFAULT_OPS_SETTINGS, ...options.settings }),
    warn: logger === undefined ? undefined : (fields, message) => logger.warn(fields, message),
  };
}
