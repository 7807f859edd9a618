import { sql } from 'kysely';
import { PAYOUT_ACCEPTED_EVENT } from '@payout/lifecycle';
import type { Db } from '../database.ts';
import type { BeneficiaryJson } from '../schema/database.types.ts';
import { jsonParam } from '../support/json-param.ts';
import { uuidv7 } from '../support/uuid-v7.ts';
import { payoutFromRow, type PayoutRecord, type PayoutRow } from './payout.record.ts';

/** A validated payout request, ready to persist. */
export interface NewPayout {
  readonly clientId: string;
  readonly idempotencyKey: string;
  /** sha-256 (hex) of the canonical request: same key + different fingerprint = mismatch. */
  readonly requestFingerprint: string;
  readonly amountMinor: bigint;
  readonly currency: string;
  /**
   * The funding account to pay from, or null (routing chooses). A value must name an active
   * funding account of `currency` in treasury's configuration, else nothing is written.
   */
  readonly fundingAccount: string | null;
  readonly beneficiary: BeneficiaryJson;
  readonly railPreference: string | null;
  readonly remittanceInfo: string | null;
  readonly requestedExecutionDate: string | null;
  /** Who asked, for the event row (e.g. `api:acme-payroll`, `queue:acme-payroll`). */
  readonly actor: string;
}

export type AcceptResult =
  /** Persisted now, with its `payout.accepted` event and outbox row. */
  | { readonly kind: 'created'; readonly payout: PayoutRecord }
  /** The same request was accepted before (same client, key and fingerprint). */
  | { readonly kind: 'existing'; readonly payout: PayoutRecord }
  /** The key was used before for a different request; nothing was written. */
  | { readonly kind: 'mismatch'; readonly payoutId: string }
  /** The client does not exist or is disabled; nothing was written. */
  | { readonly kind: 'client_unknown' }
  /**
   * `fundingAccount` names no configured account (`unknown`), one whose latest version is
   * inactive (`inactive`), or one in another currency than the payout (`currency`, with the
   * account's currency); nothing was written.
   */
  | {
      readonly kind: 'funding_account_refused';
      readonly fundingAccount: string;
      readonly why: FundingAccountRefusal;
      readonly accountCurrency?: string;
    };

export type FundingAccountRefusal = 'unknown' | 'inactive' | 'currency';

/**
 * Persists a batch of payouts in ONE statement (payout rows, their first event and their
 * outbox rows), idempotent on (client, idempotency key), and answers each item exactly:
 * created, existing (same request before), mismatch (same key, other request) or
 * client_unknown, or funding_account_refused. Rows are inserted in key order so concurrent batches never deadlock on
 * each other's keys. A request racing an uncommitted one with the same key waits for it
 * (the unique index) and then sees it as existing.
 *
 * Every new payout starts `accepted` with `next_action = 'submit'` due now.
 *
 * A named funding account is checked inside the same statement against the latest version of
 * treasury's configuration (`liquidity_funding_accounts`: active, same currency), so the check
 * costs no round trip and is never stale; only a refused item costs one more query, to say
 * why. A replay of a payout accepted earlier stays `existing` even if its account was
 * deactivated since (the same request gets the same answer).
 *
 * @example
 *   const [r] = await acceptPayouts(db, [newPayout]);
 *   if (r.kind === 'created') await dispatcher.dispatch('submit', [{ payoutId: r.payout.id, version: 1 }]);
 */
export async function acceptPayouts(db: Db, items: readonly NewPayout[]): Promise<AcceptResult[]> {
  if (items.length === 0) return [];
  const groups = new Map<string, number[]>();
  items.forEach((item, i) => {
    const k = keyOf(item.clientId, item.idempotencyKey);
    const g = groups.get(k);
    if (g) g.push(i);
    else groups.set(k, [i]);
  });
  const leaders = [...groups.values()].map((g) => items[g[0]!]!);
  const nowMs = Date.now();
  const ids = leaders.map(() => uuidv7(nowMs));
  const eventIds = leaders.map(() => uuidv7(nowMs));

  const inserted = await sql<PayoutRow>`
    with input as (
      select * from unnest(
        ${ids}::uuid[], ${leaders.map((p) => p.clientId)}::text[], ${leaders.map((p) => p.idempotencyKey)}::text[],
        ${leaders.map((p) => p.requestFingerprint)}::text[], ${leaders.map((p) => p.amountMinor)}::bigint[],
        ${leaders.map((p) => p.currency)}::text[], ${leaders.map((p) => p.fundingAccount)}::text[],
        ${leaders.map((p) => jsonParam(p.beneficiary))}::jsonb[], ${leaders.map((p) => p.railPreference)}::text[],
        ${leaders.map((p) => p.remittanceInfo)}::text[], ${leaders.map((p) => p.requestedExecutionDate)}::date[],
        ${eventIds}::uuid[], ${leaders.map((p) => p.actor)}::text[]
      ) as t(id, client_id, idempotency_key, request_fingerprint, amount_minor, currency, funding_account, beneficiary,
             rail_preference, remittance_info, requested_execution_date, event_id, actor)
    ),
    inserted as (
      insert into payouts (id, client_id, idempotency_key, request_fingerprint, amount_minor, currency, funding_account,
                           beneficiary, rail_preference, remittance_info, requested_execution_date,
                           status, next_action, next_action_at, event_seq)
      select i.id, i.client_id, i.idempotency_key, i.request_fingerprint, i.amount_minor, i.currency, i.funding_account,
             i.beneficiary, i.rail_preference, i.remittance_info, i.requested_execution_date,
             'accepted', 'submit', now(), 1
      from input i
      join api_clients c on c.id = i.client_id and c.disabled_at is null
      where i.funding_account is null or exists (
        select 1 from (
          select f.active, f.currency from liquidity_funding_accounts f
          where f.account_id = i.funding_account order by f.version desc limit 1
        ) latest
        where latest.active and latest.currency = i.currency
      )
      order by i.client_id, i.idempotency_key
      on conflict (client_id, idempotency_key) do nothing
      returning *
    ),
    events as (
      insert into payout_events (event_id, payout_id, seq, type, from_status, to_status, data, actor, created_at)
      select i.event_id, n.id, 1, ${PAYOUT_ACCEPTED_EVENT}::text, null, 'accepted',
             jsonb_build_object('amountMinor', n.amount_minor::text, 'currency', n.currency), i.actor, n.created_at
      from inserted n join input i on i.id = n.id
    ),
    notices as (
      insert into outbox (event_id, payout_id, client_id, seq, type, payload, created_at)
      select i.event_id, n.id, n.client_id, 1, ${PAYOUT_ACCEPTED_EVENT}::text,
             jsonb_build_object('eventId', i.event_id, 'type', ${PAYOUT_ACCEPTED_EVENT}::text, 'payoutId', n.id,
                                'clientId', n.client_id, 'idempotencyKey', n.idempotency_key, 'seq', 1,
                                'status', 'accepted', 'amountMinor', n.amount_minor::text, 'currency', n.currency,
                                'occurredAt', n.created_at),
             n.created_at
      from inserted n join input i on i.id = n.id
    )
    select * from inserted
  `.execute(db);

  const byKey = new Map<string, { created: boolean; payout: PayoutRecord }>();
  for (const row of inserted.rows) {
    byKey.set(keyOf(row.client_id, row.idempotency_key), { created: true, payout: payoutFromRow(row) });
  }
  const missing = leaders.filter((p) => !byKey.has(keyOf(p.clientId, p.idempotencyKey)));
  if (missing.length > 0) {
    const existing = await sql<PayoutRow>`
      select p.* from payouts p
      join unnest(${missing.map((p) => p.clientId)}::text[], ${missing.map((p) => p.idempotencyKey)}::text[]) as k(client_id, idempotency_key)
        on p.client_id = k.client_id and p.idempotency_key = k.idempotency_key
    `.execute(db);
    for (const row of existing.rows) {
      byKey.set(keyOf(row.client_id, row.idempotency_key), { created: false, payout: payoutFromRow(row) });
    }
  }

  const refused = await whyRefused(
    db,
    leaders.filter((p) => !byKey.has(keyOf(p.clientId, p.idempotencyKey))),
  );

  const results: AcceptResult[] = new Array<AcceptResult>(items.length);
  for (const group of groups.values()) {
    const leader = items[group[0]!]!;
    const found = byKey.get(keyOf(leader.clientId, leader.idempotencyKey));
    group.forEach((index, n) => {
      const item = items[index]!;
      if (found === undefined) results[index] = refused.get(keyOf(leader.clientId, leader.idempotencyKey)) ?? { kind: 'client_unknown' };
      else if (found.payout.requestFingerprint !== item.requestFingerprint)
        results[index] = { kind: 'mismatch', payoutId: found.payout.id };
      else if (found.created && n === 0) results[index] = { kind: 'created', payout: found.payout };
      else results[index] = { kind: 'existing', payout: found.payout };
    });
  }
  return results;
}

interface RefusalRow {
  readonly n: string;
  readonly client_ok: boolean;
  readonly active: boolean | null;
  readonly currency: string | null;
}

/**
 * Why items were not inserted (rare: a disabled client or a refused funding account). Read
 * after the insert, so a configuration changed in between may show an account as fine: it was
 * refused when the statement ran, and is reported as inactive.
 */
async function whyRefused(db: Db, items: readonly NewPayout[]): Promise<Map<string, AcceptResult>> {
  const out = new Map<string, AcceptResult>();
  if (items.length === 0) return out;
  const r = await sql<RefusalRow>`
    select k.n::text as n, c.id is not null as client_ok, latest.active, latest.currency
    from unnest(${items.map((p) => p.clientId)}::text[], ${items.map((p) => p.fundingAccount)}::text[]) with ordinality as k(client_id, funding_account, n)
    left join api_clients c on c.id = k.client_id and c.disabled_at is null
    left join lateral (
      select f.active, f.currency from liquidity_funding_accounts f
      where f.account_id = k.funding_account order by f.version desc limit 1
    ) latest on true
  `.execute(db);
  for (const row of r.rows) {
    const item = items[Number(row.n) - 1]!;
    const key = keyOf(item.clientId, item.idempotencyKey);
    const account = item.fundingAccount;
    if (!row.client_ok || account === null) out.set(key, { kind: 'client_unknown' });
    else if (row.active === null) out.set(key, { kind: 'funding_account_refused', fundingAccount: account, why: 'unknown' });
    else if (row.active && row.currency !== null && row.currency !== item.currency) {
      out.set(key, { kind: 'funding_account_refused', fundingAccount: account, why: 'currency', accountCurrency: row.currency });
    } else out.set(key, { kind: 'funding_account_refused', fundingAccount: account, why: 'inactive' });
  }
  return out;
}

function keyOf(clientId: string, idempotencyKey: string): string {
  return `${clientId}\u0000${idempotencyKey}`;
}
