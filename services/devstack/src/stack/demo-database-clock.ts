import pg from 'pg';

/**
 * The demo's database on the simulated clock.
 *
 * In production the services and Postgres read one clock. The product relies on it: intake
 * stamps a new payout due at the database's now(), the sweeper compares next_action_at with
 * the database's clock, while the workers claim with their own clock. The demo's services
 * follow the bank simulator's clock, which starts on a fixed simulated day — usually not
 * today — so the demo's connections get a database clock that follows the simulator too: a
 * schema of their own holds `now()` and `clock_timestamp()` computed from the simulator's last
 * reading, and their search_path puts it before pg_catalog. Nothing else on the server sees it,
 * and `dispose` drops it. Column defaults keep the real clock (they name pg_catalog.now()).
 *
 * @example
 *   const clock = await startDemoDatabaseClock(url, { schema: 'payout_demo_clock_1a2b', start });
 *   // give clock.url to every process; after each change of the simulator's clock:
 *   await clock.follow(await sim.setClock({ speed: 30 }));
 */
export interface DemoDatabaseClock {
  /** The database URL whose sessions read the simulated clock. */
  readonly url: string;
  /** Follow a reading of the simulator's clock, taken right after it was set or its speed changed. */
  follow(reading: { readonly now: string; readonly speed: number }): Promise<void>;
  /** Drop the schema (after every session that uses it has ended). */
  dispose(): Promise<void>;
}

export async function startDemoDatabaseClock(
  databaseUrl: string,
  opts: { readonly schema: string; readonly start: Date },
): Promise<DemoDatabaseClock> {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(opts.schema)) throw new Error(`unsafe schema name: ${opts.schema}`);
  const s = `"${opts.schema}"`;
  // Simulated time = the reading + the database's real time since it × the simulator's speed.
  const simulated = (real: string): string => `select a.sim_at + (${real} - a.real_at) * a.speed from ${s}.sim_anchor a`;
  await run(databaseUrl, [
    `create schema ${s}`,
    `create table ${s}.sim_anchor (sim_at timestamptz not null, real_at timestamptz not null, speed double precision not null)`,
    { text: `insert into ${s}.sim_anchor values ($1, pg_catalog.now(), 0)`, values: [opts.start] },
    // now() is the transaction's start, as pg_catalog.now() is; clock_timestamp() moves within it.
    `create function ${s}.now() returns timestamptz language sql stable as $$ ${simulated('pg_catalog.now()')} $$`,
    `create function ${s}.clock_timestamp() returns timestamptz language sql volatile as $$ ${simulated('pg_catalog.clock_timestamp()')} $$`,
  ]);
  const url = new URL(databaseUrl);
  // public first: anything created goes where it always does; pg_catalog last, so these win.
  url.searchParams.set('options', `${url.searchParams.get('options') ?? ''} -c search_path=public,${opts.schema},pg_catalog`.trim());
  return {
    url: url.toString(),
    follow: (reading) =>
      run(databaseUrl, [
        {
          text: `update ${s}.sim_anchor set sim_at = $1, real_at = pg_catalog.now(), speed = $2`,
          values: [new Date(reading.now), reading.speed],
        },
      ]),
    dispose: () => run(databaseUrl, [`drop schema if exists ${s} cascade`]),
  };
}

async function run(
  databaseUrl: string,
  statements: readonly (string | { readonly text: string; readonly values: readonly unknown[] })[],
): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    for (const q of statements) await (typeof q === 'string' ? client.query(q) : client.query(q.text, [...q.values]));
  } finally {
    await client.end();
  }
}
