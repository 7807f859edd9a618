import { isPayoutError } from '@payout/domain';
import { defineCommand, readCommandLine, subcommandOf } from '../args.ts';
import type { CliCommand, CliIo } from '../cli-io.ts';

const USAGE = [
  'usage:',
  '  payout clients create NAME --scopes SCOPES [--actor NAME] [--role ROLE] [--display-name TEXT] [--json]',
  '        registers client NAME and issues its first API key',
  '  payout clients add-key NAME --scopes SCOPES [--actor NAME] [--role ROLE] [--json]',
  '        issues another key for an existing client (e.g. to rotate keys)',
  '  payout clients revoke-key KEY_ID',
  '',
  '  SCOPES  comma-separated: payouts:write, payouts:read, ops',
  '  ROLE    viewer (default), operator or approver — what an ops key may do',
  '  --actor the person or service the key acts as (default: NAME); recorded on every action',
  '',
  'The key is printed once and never stored (only its sha-256). Needs DATABASE_URL.',
].join('\n');

const KEY_OPTIONS = {
  scopes: { type: 'string', value: 'SCOPES', description: 'comma-separated: payouts:write, payouts:read, ops (required)' },
  actor: { type: 'string', value: 'NAME', description: 'the person or service the key acts as (default: NAME); recorded on every action' },
  role: { type: 'string', value: 'ROLE', description: 'viewer (default), operator or approver — what an ops key may do' },
} as const;

/** One spec per action: `payout clients <action> --help` lists that action's options. */
const ACTIONS = {
  create: defineCommand({
    usage:
      'usage: payout clients create NAME --scopes SCOPES [--actor NAME] [--role ROLE] [--display-name TEXT] [--json]\n\nRegisters client NAME and issues its first API key (printed once, never stored). Needs DATABASE_URL.',
    options: {
      ...KEY_OPTIONS,
      'display-name': { type: 'string', value: 'TEXT', description: "the client's display name" },
      json: { type: 'boolean', description: 'print the key as JSON' },
    },
    positionals: true,
  }),
  'add-key': defineCommand({
    usage:
      'usage: payout clients add-key NAME --scopes SCOPES [--actor NAME] [--role ROLE] [--json]\n\nIssues another key for an existing client (e.g. to rotate keys). Needs DATABASE_URL.',
    options: { ...KEY_OPTIONS, json: { type: 'boolean', description: 'print the key as JSON' } },
    positionals: true,
  }),
  'revoke-key': defineCommand({
    usage: 'usage: payout clients revoke-key KEY_ID\n\nRevokes a key; cached credentials expire within seconds. Needs DATABASE_URL.',
    options: {},
    positionals: true,
  }),
};

const HINTS: Readonly<Record<string, string>> = {
  PAYOUT_E_VALIDATION: 'run ./dev payout clients --help',
  PAYOUT_E_CONFLICT: 'the client exists — issue another key with ./dev payout clients add-key NAME --scopes …',
  PAYOUT_E_NOT_FOUND: 'create the client first with ./dev payout clients create NAME --scopes …',
};

/**
 * `./dev payout clients …`: registers API clients and issues/revokes their keys.
 * Exit 0 on success, 1 when the database refuses (exists, not found), 2 for usage errors.
 */
export const clientsCommand: CliCommand = async (argv, io) => {
  const name = subcommandOf(argv, ACTIONS);
  if (argv.length === 0 || name === 'help' || (name === undefined && (argv.includes('--help') || argv.includes('-h')))) {
    (argv.length === 0 ? io.stderr : io.stdout)(USAGE);
    return argv.length === 0 ? 2 : 0;
  }
  if (name !== 'create' && name !== 'add-key' && name !== 'revoke-key')
    return fail(io, 'PAYOUT_E_VALIDATION', `unknown action ${name ?? ''}`, 2);
  // Every action's options are a subset of create's: read them through its type.
  const parsed = readCommandLine(ACTIONS[name] as typeof ACTIONS.create, argv, io, 'run ./dev payout clients --help');
  if (typeof parsed === 'number') return parsed;
  const [action, target, ...extra] = parsed.positionals;
  const o = parsed.values;
  if (extra.length > 0) return fail(io, 'PAYOUT_E_VALIDATION', `unexpected argument ${extra[0]}`, 2);
  if (target === undefined) return fail(io, 'PAYOUT_E_VALIDATION', action === 'revoke-key' ? 'KEY_ID is required' : 'NAME is required', 2);
  if (action !== 'revoke-key' && (o.scopes === undefined || o.scopes.trim() === ''))
    return fail(io, 'PAYOUT_E_VALIDATION', '--scopes is required', 2);
  const url = io.env['DATABASE_URL'];
  if (url === undefined || url === '') {
    return fail(
      io,
      'PAYOUT_E_CONFIG_INVALID',
      'DATABASE_URL is not set',
      2,
      'export DATABASE_URL=postgres://… (and run ./dev payout migrate once)',
    );
  }

  const dbm = await import('@payout/db');
  const db = dbm.createDb({ url, maxConnections: 1, applicationName: 'payout-cli' });
  try {
    if (action === 'revoke-key') {
      const revoked = await dbm.revokeApiKey(db, target);
      if (!revoked)
        return fail(
          io,
          'PAYOUT_E_NOT_FOUND',
          `no active key with id ${target}`,
          1,
          'list keys in the api_keys table; a revoked key stays revoked',
        );
      io.stdout(`revoked key ${target} (cached credentials expire within seconds)`);
      return 0;
    }
    const scopes = (o.scopes ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s.length > 0);
    const actor = o.actor ?? target;
    const role = o.role ?? 'viewer';
    if (action === 'create')
      await dbm.createApiClient(db, { id: target, ...(o['display-name'] === undefined ? {} : { displayName: o['display-name'] }) });
    const issued = await dbm.issueApiKey(db, { clientId: target, scopes, actor, role });
    if (o.json === true) {
      io.stdout(JSON.stringify({ clientId: target, keyId: issued.keyId, key: issued.key, scopes, actor, role }));
    } else {
      if (action === 'create') io.stdout(`created client ${target}`);
      io.stdout(`key id:  ${issued.keyId}`);
      io.stdout(`scopes:  ${scopes.join(', ')}   actor: ${actor}   role: ${role}`);
      io.stdout(`API key (shown once, store it now): ${issued.key}`);
    }
    return 0;
  } catch (err) {
    if (isPayoutError(err)) return fail(io, err.code, err.message, 1);
    if ((err as { code?: unknown }).code === '42P01')
      return fail(io, 'PAYOUT_E_CONFIG_INVALID', 'the database has no payout schema', 1, 'run ./dev payout migrate first');
    return fail(
      io,
      'PAYOUT_E_INTERNAL',
      err instanceof Error ? err.message : String(err),
      1,
      'check DATABASE_URL and that Postgres is reachable',
    );
  } finally {
    await db.destroy();
  }
};

function fail(io: CliIo, code: string, what: string, exit: number, hint?: string): number {
  io.stderr(`error [${code}]: ${what} — ${hint ?? HINTS[code] ?? 'run ./dev payout clients --help'}`);
  return exit;
}
