import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import type { Db } from '@payout/db';
import type { KeyName, OpsFixture } from './ops-fixture.ts';

export interface ApiAnswer {
  readonly status: number;
  readonly json: Record<string, unknown>;
}

/** One HTTP call to the running API with a named person's key. */
export async function api(
  fx: OpsFixture,
  key: KeyName | null,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
  requestId?: string,
): Promise<ApiAnswer> {
  const headers: Record<string, string> = {};
  if (key !== null) headers['authorization'] = `Bearer ${fx.keys[key]}`;
  if (requestId !== undefined) headers['x-request-id'] = requestId;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${fx.baseUrl}${path}`, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

const CLI_MAIN = fileURLToPath(new URL('../../../../cli/src/main.ts', import.meta.url));

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the real product CLI (`./dev payout ops …`) as a process against the running API. */
export function cli(fx: OpsFixture, key: KeyName, args: readonly string[]): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [CLI_MAIN, 'ops', ...args],
      { env: { PATH: process.env['PATH'] ?? '', PAYOUT_API_URL: fx.baseUrl, PAYOUT_API_KEY: fx.keys[key] }, timeout: 60_000 },
      (err, stdout, stderr) => {
        if (err !== null && typeof err.code !== 'number') {
          reject(err);
          return;
        }
        resolve({ code: err === null ? 0 : Number(err.code), stdout, stderr });
      },
    );
  });
}

export interface AuditRow {
  readonly actor: string;
  readonly role: string | null;
  readonly action: string;
  readonly target: string;
  readonly outcome: string;
  readonly reason: string | null;
  readonly request_id: string | null;
  readonly before: unknown;
  readonly after: Record<string, unknown> | null;
}

export async function auditByRequest(db: Db, requestId: string): Promise<AuditRow[]> {
  const r =
    await sql<AuditRow>`select actor, role, action, target, outcome, reason, request_id, before, after from audit_log where request_id = ${requestId} order by id`.execute(
      db,
    );
  return r.rows;
}

export async function auditByTarget(db: Db, target: string): Promise<AuditRow[]> {
  const r =
    await sql<AuditRow>`select actor, role, action, target, outcome, reason, request_id, before, after from audit_log where target = ${target} order by id`.execute(
      db,
    );
  return r.rows;
}

export async function payoutRow(
  db: Db,
  id: string,
): Promise<{ status: string; version: number; next_action: string | null; status_reason: string | null }> {
  const r = await sql<{ status: string; version: number; next_action: string | null; status_reason: string | null }>`
    select status, version, next_action, status_reason from payouts where id = ${id}::uuid`.execute(db);
  const row = r.rows[0];
  if (row === undefined) throw new Error(`no payout ${id}`);
  return row;
}

export async function eventsOf(
  db: Db,
  id: string,
): Promise<{ type: string; from_status: string | null; to_status: string | null; actor: string; data: Record<string, unknown> }[]> {
  const r = await sql<{ type: string; from_status: string | null; to_status: string | null; actor: string; data: Record<string, unknown> }>`
    select type, from_status, to_status, actor, data from payout_events where payout_id = ${id}::uuid order by seq`.execute(db);
  return r.rows;
}

export async function outboxOf(db: Db, id: string): Promise<{ type: string; payload: Record<string, unknown> }[]> {
  const r = await sql<{
    type: string;
    payload: Record<string, unknown>;
  }>`select type, payload from outbox where payout_id = ${id}::uuid order by id`.execute(db);
  return r.rows;
}

/** The ledger steps booked for a payout, in order (e.g. reserve, unknown, settle). */
export async function ledgerStepsOf(db: Db, payoutId: string): Promise<string[]> {
  const r = await sql<{
    step: string;
  }>`select cause->>'step' as step from ledger_postings where payout_id = ${payoutId} order by seq`.execute(db);
  return r.rows.map((x) => x.step);
}
