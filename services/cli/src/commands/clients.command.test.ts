import { describe, expect, it } from 'vitest';
import type { CliIo } from '../cli-io.ts';
import { clientsCommand } from './clients.command.ts';
import { migrateCommand } from './migrate.command.ts';

function fakeIo(env: Record<string, string> = {}): CliIo & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, stdout: (l) => out.push(l), stderr: (l) => err.push(l), env };
}

describe('clients command (arguments)', () => {
  it('prints usage with --help and fails without arguments', async () => {
    const io = fakeIo();
    expect(await clientsCommand(['--help'], io)).toBe(0);
    expect(io.out.join('\n')).toContain('clients create NAME --scopes');
    expect(await clientsCommand([], fakeIo())).toBe(2);
  });

  it.each(['create', 'add-key', 'revoke-key'])('clients %s --help lists its options', async (action) => {
    const io = fakeIo();
    expect(await clientsCommand([action, '--help'], io)).toBe(0);
    const help = io.out.join('\n');
    expect(help).toContain(`usage: payout clients ${action}`);
    expect(help).toContain('-h, --help');
    if (action !== 'revoke-key') expect(help).toMatch(/--scopes SCOPES +comma-separated/);
  });

  it.each([
    [['create'], 'NAME is required'],
    [['create', 'acme'], '--scopes is required'],
    [['frobnicate', 'acme'], 'unknown action'],
    [['create', 'acme', '--scopes', 'ops', '--bogus'], 'unknown option --bogus'],
    [['revoke-key', 'k1', '--scopes', 'ops'], 'unknown option --scopes'],
    [['create', 'acme', '--scopes'], '--scopes needs a value'],
    [['create', 'acme', 'extra', '--scopes', 'ops'], 'unexpected argument extra'],
  ])('%j → usage error', async (argv, message) => {
    const io = fakeIo({ DATABASE_URL: 'postgres://unused' });
    expect(await clientsCommand(argv, io)).toBe(2);
    expect(io.err[0]).toMatch(/^error \[PAYOUT_E_VALIDATION\]: /);
    expect(io.err[0]).toContain(message);
  });

  it('needs DATABASE_URL', async () => {
    const io = fakeIo();
    expect(await clientsCommand(['create', 'acme', '--scopes', 'payouts:write'], io)).toBe(2);
    expect(io.err[0]).toMatch(/^error \[PAYOUT_E_CONFIG_INVALID\]: DATABASE_URL is not set — /);
  });
});

describe('migrate command (arguments)', () => {
  it('needs DATABASE_URL and takes no arguments', async () => {
    const io = fakeIo();
    expect(await migrateCommand([], io)).toBe(2);
    expect(io.err[0]).toMatch(/^error \[PAYOUT_E_CONFIG_INVALID\]/);
    const io2 = fakeIo({ DATABASE_URL: 'postgres://x' });
    expect(await migrateCommand(['now'], io2)).toBe(2);
    expect(io2.err[0]).toMatch(/^error \[PAYOUT_E_VALIDATION\]/);
  });
});
