import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { addDays } from '@payout/calendar';
import { listPayoutStatuses, type Db } from '@payout/db';
import { requirePosition, type Position } from '@payout/ledger';
import { loadDrift, loadPositions } from '@payout/db/ledger';
import { usePostgres } from '@payout/test-harness/vitest';
import { silentWorkerLogger } from '../logging/worker-logger.ts';
import { simClockOf } from '@payout/test-kit';
import { runDayOfPayouts } from '../verify/test-support/day-of-payouts.scenario.ts';
import { DEFAULT_VERIFY_SETTINGS } from '../verify/verify-deps.ts';
import { noopVerifyMetrics } from '../verify/verify-metrics.port.ts';
import { verifyDue } from '../verify/verify.worker.ts';

/**
 * Acceptance (issue 9): "After a demo run plus verification, every position equals the
 * simulator's account balance exactly." The real lifecycle workers run a day of payouts
 * against the simulator (5 % timeouts after execution, 5 % before, status queries down all day
 * so every unclear payout is parked), the ledger booking what they do; on the next business
 * day verification ingests the statements (with returns of succeeded payouts in them). Then,
 * for every funding account, with bigint equality and nothing tolerated:
 *  - the statement-confirmed position is the simulator's balance;
 *  - reserved + unknown exposure is exactly the amount of the attempts still unresolved, and
 *    nothing is left settled-but-unseen or returned-but-unseen;
 *  - the ledger is balanced per currency, and the last statement's closing shows no drift.
 * Before verification the same run is checked from the other side: nothing confirmed yet,
 * every live attempt's amount reserved or exposed, every bank-confirmed one settled.
 */
const pg = usePostgres();

interface AttemptSums {
  /** Attempts the bank has not definitively answered (sending, accepted, pending, unknown). */
  readonly liveMinor: bigint;
  readonly succeededMinor: bigint;
  readonly live: number;
}

/** Our attempts at `channelId`, summed by where their money should sit. */
async function attemptSums(db: Db, channelId: string, payoutIds: readonly string[]): Promise<AttemptSums> {
  const r = await sql<{ live_minor: string; succeeded_minor: string; live: string }>`
    select coalesce(sum(p.amount_minor) filter (where a.state not in ('succeeded', 'failed')), 0)::text as live_minor,
           coalesce(sum(p.amount_minor) filter (where a.state = 'succeeded'), 0)::text as succeeded_minor,
           count(*) filter (where a.state not in ('succeeded', 'failed'))::text as live
    from payout_attempts a join payouts p on p.id = a.payout_id
    where a.channel_id = ${channelId} and p.id = any(${[...payoutIds]}::uuid[])
  `.execute(db);
  const row = r.rows[0]!;
  return { liveMinor: BigInt(row.live_minor), succeededMinor: BigInt(row.succeeded_minor), live: Number(row.live) };
}

async function positionOf(db: Db, fundingAccountId: string): Promise<Position> {
  return requirePosition(await loadPositions(db, { fundingAccountIds: [fundingAccountId] }), fundingAccountId, 'CNY');
}

describe('ledger positions against the bank simulator', () => {
  const cleanup: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const c of cleanup.splice(0).reverse()) await c();
  });

  // Simulated days: the make-up Saturday before Spring Festival (the next business day is
  // 2026-02-24), and a Friday. Returns come two days later, before the next business day.
  it.each([
    {
      missing: false,
      day: '2026-02-14',
      name: 'after a day of payouts and verification, every position is the bank balance, nothing reserved or exposed',
    },
    {
      missing: true,
      day: '2026-11-27',
      name: 'with a statement missing, positions still equal the bank balance and the unresolved stay exposed',
    },
  ])(
    '$name',
    async ({ missing, day: simDay }) => {
      const run = await runDayOfPayouts({
        databaseUrl: pg.url,
        day: simDay,
        tag: missing ? 'lm' : 'lc',
        accounts: ['6222000000000000021', '6222000000000000022'],
        cleanup,
      });
      const { day, sim, client, db, banks, ids } = run;
      const mine = new Set(ids);

      // Before any statement: nothing confirmed; each live attempt reserved or exposed, each succeeded one settled awaiting its statement.
      let parked = 0;
      for (const b of banks) {
        const p = await positionOf(db, b.id);
        const s = await attemptSums(db, b.id, ids);
        parked += s.live;
        expect(p.confirmedMinor).toBe(0n);
        expect(p.reservedMinor + p.unknownExposureMinor).toBe(s.liveMinor);
        expect(p.settledAwaitingStatementMinor).toBe(s.succeededMinor);
        expect(p.availableMinor).toBe(-(s.liveMinor + s.succeededMinor));
      }
      expect(parked).toBeGreaterThan(10);

      const channels = await run.nextMorning({ missingStatementOf: missing ? addDays(day, 1) : undefined });
      const reports = await verifyDue({
        db,
        clock: simClockOf(sim),
        channels,
        logger: silentWorkerLogger,
        metrics: noopVerifyMetrics,
        settings: { ...DEFAULT_VERIFY_SETTINGS, fetchAttempts: 1 },
      });
      for (const r of reports) {
        expect(r.applied.ledgerRefused).toBe(0);
        expect(r.ledger.refused).toBe(0);
        expect(r.ledger.balances.filter((x) => x.kind === 'recorded' && x.opening === 'booked')).toHaveLength(1);
      }

      // The simulator returned some succeeded payouts; they must be in the balances compared below.
      const truth = await client.transfers();
      const returned = truth.filter((t) => t.state === 'returned' && t.payoutId !== null && mine.has(t.payoutId));
      expect(returned.length).toBeGreaterThan(0);
      const statuses = (await listPayoutStatuses(db)).filter((r) => mine.has(r.id));
      expect(statuses.filter((s) => s.status === 'returned')).toHaveLength(new Set(returned.map((t) => t.payoutId)).size);

      const positions = await loadPositions(db, { fundingAccountIds: banks.map((b) => b.id) });
      expect(positions.map((p) => `${p.fundingAccountId}|${p.currency}`).sort()).toEqual(banks.map((b) => `${b.id}|CNY`).sort());
      let unresolved = 0;
      for (const b of banks) {
        const [account, ...others] = await client.balances(b.id);
        expect(others).toEqual([]);
        const bankBalance = BigInt(account!.balanceMinor);
        const p = requirePosition(positions, b.id, 'CNY');
        const s = await attemptSums(db, b.id, ids);
        unresolved += s.live;
        expect(p.confirmedMinor).toBe(bankBalance);
        expect(p.reservedMinor + p.unknownExposureMinor).toBe(s.liveMinor);
        expect(p.settledAwaitingStatementMinor).toBe(0n);
        expect(p.returnsInTransitMinor).toBe(0n);
        expect(p.availableMinor).toBe(bankBalance - s.liveMinor);
        if (!missing) {
          expect(s.live).toBe(0);
          expect(p.reservedMinor).toBe(0n);
          expect(p.unknownExposureMinor).toBe(0n);
        }

        // Balanced per currency, and the latest statement's closing is what the ledger confirms.
        const sums = await sql<{ currency: string; total: string }>`
        select currency, sum(amount_minor)::text as total from ledger_entries where funding_account_id = ${b.id} group by currency
      `.execute(db);
        expect(sums.rows).toEqual([{ currency: 'CNY', total: '0' }]);
        const drift = await loadDrift(db, { fundingAccountId: b.id, currency: 'CNY', timeZone: 'Asia/Shanghai' });
        const latest = drift.at(-1);
        expect(latest?.statementClosingMinor).toBe(bankBalance);
        expect(drift.filter((d) => d.status !== 'in_balance')).toEqual([]);
      }
      // With a statement missing, the payouts the bank did not execute stay unresolved — and exposed.
      if (missing) expect(unresolved).toBeGreaterThan(0);
      const all = await sql<{
        currency: string;
        total: string;
      }>`select currency, sum(amount_minor)::text as total from ledger_entries group by currency`.execute(db);
      for (const row of all.rows) expect(row.total).toBe('0');
    },
    90_000,
  );
});
