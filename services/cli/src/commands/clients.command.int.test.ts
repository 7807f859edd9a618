import { afterAll, describe, expect, it } from 'vitest';
import { usePostgres } from '@payout/test-harness/vitest';
import { createDb, findPrincipalByKey } from '@payout/db';
import type { CliIo } from '../cli-io.ts';
import { clientsCommand } from './clients.command.ts';
import { migrateCommand } from './migrate.command.ts';

const pg = usePostgres();
const dbs: { destroy(): Promise<void> }[] = [];
afterAll(async () => {
  await Promise.all(dbs.map((d) => d.destroy()));
});

function fakeIo(): CliIo & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, stdout: (l) => out.push(l), stderr: (l) => err.push(l), env: { DATABASE_URL: pg.url } };
}

describe('./dev payout migrate and clients', () => {
  it('migrates, creates a client with a working key shown once, and refuses duplicates', async () => {
    const m = fakeIo();
    expect(await migrateCommand(['--json'], m)).toBe(0);
    expect(JSON.parse(m.out[0]!)).toEqual({ applied: expect.arrayContaining(['0001_initial_schema']) });
    const again = fakeIo();
    expect(await migrateCommand([], again)).toBe(0);
    expect(again.out).toEqual(['database is up to date']);

    const c = fakeIo();
    expect(await clientsCommand(['create', 'acme-payroll', '--scopes', 'payouts:write,payouts:read', '--json'], c)).toBe(0);
    const issued = JSON.parse(c.out[0]!) as { key: string; keyId: string; scopes: string[]; actor: string; role: string };
    expect(issued).toMatchObject({ scopes: ['payouts:write', 'payouts:read'], actor: 'acme-payroll', role: 'viewer' });
    const db = createDb({ url: pg.url, maxConnections: 1 });
    dbs.push(db);
    expect(await findPrincipalByKey(db, issued.key)).toMatchObject({ clientId: 'acme-payroll', keyId: issued.keyId });

    const ops = fakeIo();
    expect(await clientsCommand(['add-key', 'acme-payroll', '--scopes', 'ops', '--actor', 'alice', '--role', 'approver'], ops)).toBe(0);
    expect(ops.out.at(-1)).toMatch(/^API key \(shown once, store it now\): pwk_/);

    const dup = fakeIo();
    expect(await clientsCommand(['create', 'acme-payroll', '--scopes', 'ops'], dup)).toBe(1);
    expect(dup.err[0]).toMatch(/^error \[PAYOUT_E_CONFLICT\]: client acme-payroll already exists — /);
    const badRole = fakeIo();
    expect(await clientsCommand(['add-key', 'acme-payroll', '--scopes', 'ops', '--role', 'root'], badRole)).toBe(1);
    expect(badRole.err[0]).toMatch(/^error \[PAYOUT_E_VALIDATION\]: role must be/);

    const revoke = fakeIo();
    expect(await clientsCommand(['revoke-key', issued.keyId], revoke)).toBe(0);
    expect(await findPrincipalByKey(db, issued.key)).toBeUndefined();
  });
});
