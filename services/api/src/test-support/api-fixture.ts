import { createApiClient, createDb, issueApiKey, migrateToLatest, type Db } from '@payout/db';
import { createNextStepDispatcher, redisOptionsFromUrl, type NextStepDispatcher } from '@payout/queue';
import { buildApp } from '../app/build-app.ts';
import type { ApiApp } from '../app/api-app.ts';
import { captureLogs, type CapturedLogs } from './log-capture.ts';

export interface ApiFixture {
  readonly app: ApiApp;
  readonly db: Db;
  readonly hints: NextStepDispatcher;
  readonly logs: CapturedLogs;
  /** API keys by name: acme (write+read), acmeReader (read), globex (write+read), ops (ops). */
  readonly keys: Readonly<Record<'acme' | 'acmeReader' | 'globex' | 'ops', string>>;
  close(): Promise<void>;
}

/** A migrated database with two clients and an ops key, and the app wired to a real Redis prefix. */
export async function startApiFixture(opts: {
  databaseUrl: string;
  redisUrl: string;
  prefix: string;
  authCacheTtlMs?: number;
  requestTimeoutMs?: number;
}): Promise<ApiFixture> {
  const db = createDb({ url: opts.databaseUrl, maxConnections: 8 });
  await migrateToLatest(db);
  for (const id of ['acme', 'globex', 'ops-team']) await createApiClient(db, { id });
  const acme = await issueApiKey(db, {
    clientId: 'acme',
    scopes: ['payouts:write', 'payouts:read'],
    actor: 'acme-backend',
    role: 'viewer',
  });
  const acmeReader = await issueApiKey(db, { clientId: 'acme', scopes: ['payouts:read'], actor: 'acme-dashboard', role: 'viewer' });
  const globex = await issueApiKey(db, {
    clientId: 'globex',
    scopes: ['payouts:write', 'payouts:read'],
    actor: 'globex-backend',
    role: 'viewer',
  });
  const ops = await issueApiKey(db, { clientId: 'ops-team', scopes: ['ops'], actor: 'alice', role: 'operator' });
  const hints = createNextStepDispatcher({ connection: redisOptionsFromUrl(opts.redisUrl), prefix: opts.prefix });
  const logs = captureLogs();
  const app = buildApp({
    db,
    hints,
    logger: logs.logger,
    ...(opts.authCacheTtlMs === undefined ? {} : { authCacheTtlMs: opts.authCacheTtlMs }),
    ...(opts.requestTimeoutMs === undefined ? {} : { requestTimeoutMs: opts.requestTimeoutMs }),
  });
  await app.ready();
  return {
    app,
    db,
    hints,
    logs,
    keys: { acme: acme.key, acmeReader: acmeReader.key, globex: globex.key, ops: ops.key },
    async close() {
      await app.close();
      await hints.close();
      await db.destroy();
    },
  };
}

export const IBAN = 'DE89370400440532013000';

/** A valid request body; pass overrides to vary it. */
export function payoutBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    amount: '1250.00',
    currency: 'EUR',
    beneficiary: { name: 'Ada Lovelace', scheme: 'iban', accountNumber: IBAN, bankCode: 'COBADEFFXXX' },
    remittanceInfo: 'Invoice 2026-0042',
    ...overrides,
  };
}
