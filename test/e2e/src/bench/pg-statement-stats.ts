// Where a benchmark phase spends Postgres time, per statement (pg_stat_statements). Profiling
// only: it restarts the bench's own throw-away server with the module preloaded, and tracking
// (with planning time) costs a little itself, so figures taken with it are not the headline.
import { createDb, type Db } from '@payout/db';
import type { ServerHandle } from '@payout/test-harness';
import { sql } from 'kysely';
import type { PhaseProbe } from './bench-phase.ts';

/** Preload pg_stat_statements on this (bench-owned) server: one restart, same port and data. */
export async function enableStatementStats(pg: ServerHandle): Promise<void> {
  const admin = createDb({ url: pg.url, maxConnections: 1 });
  try {
    await sql`alter system set shared_preload_libraries = 'pg_stat_statements'`.execute(admin);
  } finally {
    await admin.destroy();
  }
  await pg.stop();
  await pg.start();
  const db = createDb({ url: pg.url, maxConnections: 1 });
  try {
    await sql`create extension if not exists pg_stat_statements`.execute(db);
    // Known only once the module is loaded; a reload is enough for it.
    await sql`alter system set pg_stat_statements.track_planning = on`.execute(db);
    await sql`select pg_reload_conf()`.execute(db);
  } finally {
    await db.destroy();
  }
}

/**
 * Server settings for an experiment (e.g. `jit=off`), on the bench's own server: ALTER SYSTEM
 * and a reload, so only reloadable settings take effect.
 */
export async function applyServerSettings(pg: ServerHandle, settings: readonly (readonly [string, string])[]): Promise<void> {
  if (settings.length === 0) return;
  const db = createDb({ url: pg.url, maxConnections: 1 });
  try {
    for (const [name, value] of settings) {
      if (!/^[a-z_.]+$/.test(name)) throw new Error(`not a setting name: ${name}`);
      await sql`alter system set ${sql.raw(name)} = ${sql.lit(value)}`.execute(db);
    }
    await sql`select pg_reload_conf()`.execute(db);
  } finally {
    await db.destroy();
  }
}

interface StatementRow {
  readonly query: string;
  readonly calls: bigint;
  readonly exec_ms: number;
  readonly plan_ms: number;
  readonly rows: bigint;
}

/** Resets the cluster-wide statement counters at start; reports the top statements by execution + planning time. */
export function statementStatsProbe(adminUrl: string, top = 12): PhaseProbe {
  const withDb = async <T>(f: (db: Db) => Promise<T>): Promise<T> => {
    const db = createDb({ url: adminUrl, maxConnections: 1 });
    try {
      return await f(db);
    } finally {
      await db.destroy();
    }
  };
  return {
    start: () => withDb(async (db) => void (await sql`select pg_stat_statements_reset()`.execute(db))),
    report: () =>
      withDb(async (db) => {
        const r = await sql<StatementRow>`
          select query, calls, total_exec_time::float8 as exec_ms, total_plan_time::float8 as plan_ms, rows
          from pg_stat_statements
          where query not like '%pg_stat_statements%'
          order by total_exec_time + total_plan_time desc
          limit ${top}
        `.execute(db);
        const all = await sql<{ exec_ms: number; plan_ms: number; calls: bigint }>`
          select coalesce(sum(total_exec_time), 0)::float8 as exec_ms, coalesce(sum(total_plan_time), 0)::float8 as plan_ms, coalesce(sum(calls), 0)::int8 as calls
          from pg_stat_statements
        `.execute(db);
        const t = all.rows[0];
        const head = `  postgres statements: ${t?.calls ?? 0n} calls, ${((t?.exec_ms ?? 0) / 1000).toFixed(2)} s executing + ${((t?.plan_ms ?? 0) / 1000).toFixed(2)} s planning; top by time:`;
        const lines = r.rows.map(
          (s) =>
            `    ${((s.exec_ms + s.plan_ms) / 1000).toFixed(2).padStart(6)} s (plan ${(s.plan_ms / 1000).toFixed(2)}) · ${String(s.calls).padStart(6)} calls · ${((s.exec_ms + s.plan_ms) / Number(s.calls)).toFixed(3)} ms/call · ${String(s.rows).padStart(7)} rows · ${oneLine(s.query)}`,
        );
        return [head, ...lines].join('\n');
      }),
  };
}

function oneLine(query: string): string {
  const q = query.replace(/\s+/g, ' ').trim();
  return q.length > 160 ? `${q.slice(0, 157)}…` : q;
}
