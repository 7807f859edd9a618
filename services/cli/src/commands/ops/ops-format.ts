import { formatAmountMinor, isCurrency } from '@payout/domain';

type Json = Record<string, unknown>;

const str = (v: unknown): string =>
  v === null || v === undefined
    ? '-'
    : typeof v === 'string'
      ? v
      : typeof v === 'number' || typeof v === 'boolean'
        ? String(v)
        : JSON.stringify(v);
const arr = (v: unknown): Json[] => (Array.isArray(v) ? (v as Json[]) : []);

/** "1250.00 EUR" from minor units as a string; raw minor units when the currency is unknown. */
export function money(amountMinor: unknown, currency: unknown): string {
  const c = str(currency);
  if (typeof amountMinor !== 'string' || !/^-?[0-9]+$/.test(amountMinor) || !isCurrency(c)) return `${str(amountMinor)} ${c}`;
  return `${formatAmountMinor(BigInt(amountMinor), c)} ${c}`;
}

/** 3725000 ms → "1h02m". */
export function age(ms: unknown): string {
  if (typeof ms !== 'number' || !Number.isFinite(ms)) return '-';
  const m = Math.floor(ms / 60_000);
  if (m < 60) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h}h${String(m % 60).padStart(2, '0')}m`;
  return `${Math.floor(h / 24)}d${String(h % 24).padStart(2, '0')}h`;
}

function table(rows: readonly string[][]): string[] {
  const widths: number[] = [];
  for (const r of rows) r.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, c.length)));
  return rows.map((r) =>
    r
      .map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd(),
  );
}

export function formatStuck(body: Json): string[] {
  const out: string[] = [`stuck payouts as of ${str(body['asOf'])}`];
  const totals = arr(body['totals']);
  out.push(
    totals.length === 0
      ? 'none'
      : `total: ${totals.map((t) => `${str(t['count'])} payouts, ${money(t['amountMinor'], t['currency'])}`).join('; ')}`,
  );
  const buckets = arr(body['buckets']);
  if (buckets.length > 0) {
    out.push('', 'by state and bank:');
    out.push(
      ...table([
        ['STATE', 'BANK', 'COUNT', 'AMOUNT', 'OLDEST SINCE'],
        ...buckets.map((b) => [
          str(b['status']),
          str(b['bankId']),
          str(b['count']),
          money(b['amountMinor'], b['currency']),
          str(b['oldestSince']),
        ]),
      ]),
    );
  }
  const items = arr(body['items']);
  if (items.length > 0) {
    out.push('', 'oldest first:');
    out.push(
      ...table([
        ['PAYOUT', 'STATE', 'AGE', 'BANK', 'ATTEMPT', 'AMOUNT', 'CLIENT', 'VERSION'],
        ...items.map((p) => [
          str(p['id']),
          str(p['status']),
          age(p['ageMs']),
          str(p['bankId']),
          str(p['attemptState']),
          money(p['amountMinor'], p['currency']),
          str(p['clientId']),
          str(p['version']),
        ]),
      ]),
    );
  }
  if (typeof body['nextCursor'] === 'string') out.push('', `more: --cursor ${body['nextCursor']}`);
  return out;
}

export function formatTimeline(body: Json): string[] {
  const p = (body['payout'] ?? {}) as Json;
  const b = (p['beneficiary'] ?? {}) as Json;
  const out = [
    `payout ${str(p['id'])} — ${str(p['status'])} since ${str(p['statusChangedAt'])} (version ${str(p['version'])})`,
    `  ${money(p['amountMinor'], p['currency'])} from ${p['fundingAccount'] === null || p['fundingAccount'] === undefined ? 'any funding account' : str(p['fundingAccount'])} to ${str(b['name'])} ${str(b['accountNumber'])}, client ${str(p['clientId'])}`,
    `  reason: ${str(p['statusReason'])}; next: ${str(p['nextAction'])} ${p['nextActionAt'] === null ? '' : str(p['nextActionAt'])}`.trimEnd(),
    '',
  ];
  for (const e of arr(body['entries'])) out.push(`${str(e['at'])}  ${str(e['kind']).padEnd(14)}  ${str(e['summary'])}`);
  for (const n of arr(body['notes']) as unknown[]) out.push(`note: ${str(n)}`);
  return out;
}

export function formatAction(body: Json): string[] {
  return [
    `${str(body['action'])} applied: payout ${str(body['payoutId'])} is ${str(body['status'])} (version ${str(body['version'])})${body['nextAction'] === null || body['nextAction'] === undefined ? '' : `, next ${str(body['nextAction'])}`}`,
  ];
}

export function formatProposal(p: Json): string[] {
  const decided = p['decidedBy'] === null || p['decidedBy'] === undefined ? '' : ` by ${str(p['decidedBy'])}`;
  return [
    `proposal ${str(p['id'])}: force payout ${str(p['payoutId'])} to ${str(p['targetStatus'])} — ${str(p['status'])}${decided}`,
    `  proposed by ${str(p['proposedBy'])} (${str(p['proposedRole'])}) at ${str(p['createdAt'])}, expires ${str(p['expiresAt'])}`,
    `  reason: ${str(p['reason'])}${p['overrideReason'] === null || p['overrideReason'] === undefined ? '' : `; override: ${str(p['overrideReason'])}`}`,
    `  evidence: ${arr(p['evidence'])
      .map((e) => `${str(e['kind'])} ${str(e['lineId'] ?? e['reference'] ?? e['statementId'] ?? e['fileName'])}`)
      .join(', ')}`,
  ];
}

export function formatDecision(body: Json): string[] {
  const out = formatProposal((body['proposal'] ?? {}) as Json);
  const payout = body['payout'] as Json | undefined;
  if (payout !== undefined) out.push(`payout ${str(payout['id'])} is now ${str(payout['status'])} (version ${str(payout['version'])})`);
  const postings = arr(body['ledgerPostingIds']) as unknown[];
  if (postings.length > 0) out.push(`ledger postings: ${postings.map(str).join(', ')}`);
  return out;
}

export function formatBulkPreview(body: Json, reason: string): string[] {
  const out = [
    `dry run: bulk ${str(body['action'])} — ${str(body['matched'])} payouts match, ${str(body['wouldApply'])} would change`,
    ...arr(body['wouldApplyByCurrency']).map((c) => `  ${str(c['count'])} payouts, ${money(c['amountMinor'], c['currency'])}`),
  ];
  const refuse = arr(body['wouldRefuse']);
  if (refuse.length > 0)
    out.push(
      'would be refused:',
      ...refuse.map((r) => `  ${str(r['count'])} × ${str(r['code'])} (e.g. ${str(arr(r['sample'])[0]?.['message'])})`),
    );
  const changes = arr(body['changes']);
  if (changes.length > 0)
    out.push('first changes:', ...changes.slice(0, 10).map((c) => `  ${str(c['payoutId'])} ${str(c['from'])} → ${str(c['to'])}`));
  out.push(
    `confirmation token (valid until ${str(body['expiresAt'])}, for you only, once):`,
    `  ${str(body['confirmationToken'])}`,
    `to execute: ./dev payout ops bulk ${str(body['action'])} --confirm ${str(body['confirmationToken'])} --reason ${JSON.stringify(reason)}`,
  );
  return out;
}

export function formatBulkExecution(body: Json): string[] {
  const out = [`bulk ${str(body['action'])} ${str(body['previewId'])}: ${str(body['applied'])} applied`];
  for (const r of arr(body['refused']))
    out.push(`  refused ${str(r['count'])} × ${str(r['code'])} (e.g. ${str(arr(r['sample'])[0]?.['message'])})`);
  return out;
}

export function formatProposals(body: Json): string[] {
  const items = arr(body['items']);
  if (items.length === 0) return ['no proposals'];
  return table([
    ['PROPOSAL', 'PAYOUT', 'TO', 'STATUS', 'PROPOSED BY', 'EXPIRES'],
    ...items.map((p) => [
      str(p['id']),
      str(p['payoutId']),
      str(p['targetStatus']),
      str(p['status']),
      str(p['proposedBy']),
      str(p['expiresAt']),
    ]),
  ]);
}
