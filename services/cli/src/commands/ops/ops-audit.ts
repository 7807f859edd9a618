import { PayoutError } from '@payout/domain';
import type { CliOptions } from '../../args.ts';
import { single, type ParsedArgs } from './ops-args.ts';

type Json = Record<string, unknown>;

/** The options of `payout ops audit` besides --limit, --cursor and --json. */
export const AUDIT_OPTIONS = {
  actor: { type: 'string', value: 'A', description: 'who acted' },
  action: { type: 'string', value: 'X', description: 'what was done (ending in * for a prefix)' },
  target: { type: 'string', value: 'T', description: 'on what (ending in * for a prefix)' },
  from: { type: 'string', value: 'ISO', description: 'at or after this instant' },
  to: { type: 'string', value: 'ISO', description: 'before this instant' },
  outcome: { type: 'string', value: 'O[,O]', description: 'how it ended' },
} as const satisfies CliOptions;

const INSTANT = /^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{1,9})?)?(Z|[+-][0-9]{2}:[0-9]{2})$/;

function instant(a: ParsedArgs, flag: 'from' | 'to'): string | undefined {
  const v = single(a, flag);
  if (v !== undefined && (!INSTANT.test(v) || Number.isNaN(Date.parse(v)))) {
    throw new PayoutError('PAYOUT_E_VALIDATION', `--${flag} must be an ISO instant with a zone, e.g. 2026-12-01T00:00:00Z`);
  }
  return v;
}

/**
 * `./dev payout ops audit` flags → the query of `GET /v1/ops/audit`. The API checks every
 * filter again (and knows the outcomes); this catches the obvious mistakes without a round
 * trip. `--action ops.calendar.*` is a prefix, as in the API.
 *
 * @example
 *   auditQuery(opsArgs({ outcome: 'refused', limit: '20' }, ['audit'])) // { outcome: 'refused', limit: '20', … }
 */
export function auditQuery(a: ParsedArgs): Record<string, string | undefined> {
  if (a.positionals.length > 1)
    throw new PayoutError('PAYOUT_E_VALIDATION', `unexpected argument ${a.positionals[1]}; audit takes only flags`);
  const limit = single(a, 'limit');
  if (limit !== undefined && (!/^[0-9]{1,6}$/.test(limit) || Number(limit) < 1 || Number(limit) > 500)) {
    throw new PayoutError('PAYOUT_E_VALIDATION', '--limit must be a whole number from 1 to 500');
  }
  return {
    actor: single(a, 'actor'),
    action: single(a, 'action'),
    target: single(a, 'target'),
    from: instant(a, 'from'),
    to: instant(a, 'to'),
    outcome: single(a, 'outcome'),
    limit,
    cursor: single(a, 'cursor'),
  };
}

const text = (v: unknown): string => (typeof v === 'string' ? v : v === null || v === undefined ? '-' : JSON.stringify(v));

/** One audit row on one line: when, who (role), what, on what, how it ended, why, request id. */
export function formatAuditRow(r: Json): string {
  const after = (r['after'] ?? null) as Json | null;
  const refused = after !== null && typeof after === 'object' && typeof after['refused'] === 'string' ? ` ${after['refused']}` : '';
  const role = r['role'] === null || r['role'] === undefined ? '' : ` (${text(r['role'])})`;
  const reason = typeof r['reason'] === 'string' && r['reason'] !== '' ? ` — ${JSON.stringify(r['reason'])}` : '';
  const request = typeof r['requestId'] === 'string' ? ` [${r['requestId']}]` : '';
  return `${text(r['at'])}  #${text(r['id'])}  ${text(r['actor'])}${role}  ${text(r['action'])}  ${text(r['target'])}  ${text(r['outcome'])}${refused}${reason}${request}`.replace(
    /[\r\n]+/g,
    ' ',
  );
}

export function formatAuditPage(body: Json): string[] {
  const items = Array.isArray(body['items']) ? (body['items'] as Json[]) : [];
  const out = items.length === 0 ? ['no audit rows match'] : items.map(formatAuditRow);
  if (typeof body['next'] === 'string') out.push(`more: --cursor ${body['next']}`);
  return out;
}
