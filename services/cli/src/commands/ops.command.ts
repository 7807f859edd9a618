import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { isPayoutError, PayoutError } from '@payout/domain';
import type { CliCommand, CliIo } from '../cli-io.ts';
import { defineCommand, parseCommand, helpText, subcommandOf, type CliOptions, type CommandSpec } from '../args.ts';
import { many, opsArgs, parseDurationSeconds, single, type ParsedArgs } from './ops/ops-args.ts';
import { AUDIT_OPTIONS, auditQuery, formatAuditPage } from './ops/ops-audit.ts';
import { ApiProblem, createOpsApiClient, type FetchLike, type OpsApiClient } from './ops/ops-client.ts';
import {
  formatAction,
  formatBulkExecution,
  formatBulkPreview,
  formatDecision,
  formatProposal,
  formatProposals,
  formatStuck,
  formatTimeline,
} from './ops/ops-format.ts';

const USAGE = [
  'usage: ./dev payout ops <command> [options]      (needs PAYOUT_API_KEY; PAYOUT_API_URL, default http://127.0.0.1:3000)',
  '',
  '  stuck [FILTER] [--limit N] [--cursor C]        stuck payouts, oldest first, with counts and amounts per bucket',
  '  timeline <payout>                               attempts, bank requests and answers, events, postings, statement lines, ops actions',
  '  repoll|retry|cancel <payout> --reason R [--expect-version N]',
  '  force-resolve <payout> --to succeeded|failed --reason R --evidence E [--evidence E …]',
  '                [--override-reason R] [--expires-in 2h]',
  '      E: statement-line:<line id> | statement:<statement id> | bank-ref:<reference> | confirmation:<file>',
  '  proposals [--status pending|approved|rejected|withdrawn|expired] [--payout ID]',
  '  proposal <proposal>',
  '  approve <proposal> [--reason R]     reject|withdraw <proposal> --reason R',
  '  bulk repoll|retry|cancel [FILTER] --reason R --dry-run     what would change, and a confirmation token',
  '  bulk repoll|retry|cancel --confirm TOKEN --reason R        execute what the dry run showed',
  '  audit [--actor A] [--action X] [--target T] [--from ISO] [--to ISO] [--outcome O[,O]] [--limit N] [--cursor C]',
  '      the audit log, newest first, one row per line (approvers); X and T end in * for a prefix (ops.calendar.*);',
  '      O: applied, proposed, previewed, recorded, refused, error',
  '',
  '  FILTER: --state S[,S] --bank B --client C --currency CUR --min-amount MINOR --max-amount MINOR',
  '          --min-age 30m --since ISO --until ISO           (amounts in minor units)',
  '  every command takes --json',
].join('\n');

const FILTER_FLAGS = ['state', 'bank', 'client', 'currency', 'min-amount', 'max-amount', 'min-age', 'since', 'until'];

const FILTER_OPTIONS = {
  state: { type: 'string', multiple: true, value: 'S[,S]', description: 'payout status(es)' },
  bank: { type: 'string', multiple: true, value: 'B', description: 'bank id' },
  client: { type: 'string', multiple: true, value: 'C', description: 'client id' },
  currency: { type: 'string', value: 'CUR', description: 'currency' },
  'min-amount': { type: 'string', value: 'MINOR', description: 'smallest amount, in minor units' },
  'max-amount': { type: 'string', value: 'MINOR', description: 'largest amount, in minor units' },
  'min-age': { type: 'string', value: '30m', description: 'stuck for at least this long (90s, 30m, 2h, 1d)' },
  since: { type: 'string', value: 'ISO', description: 'created at or after this instant' },
  until: { type: 'string', value: 'ISO', description: 'created before this instant' },
} as const satisfies CliOptions;
const JSON_OPTION = { json: { type: 'boolean', description: 'print the API answer as JSON' } } as const satisfies CliOptions;
const PAGE_OPTIONS = {
  limit: { type: 'string', value: 'N', description: 'at most N rows' },
  cursor: { type: 'string', value: 'C', description: 'the next page, from the previous answer' },
} as const satisfies CliOptions;
const REASON_REQUIRED = {
  reason: { type: 'string', value: 'R', description: 'why (required; recorded in the audit log)' },
} as const satisfies CliOptions;
const ACTION_SPEC = defineCommand({
  usage: 'usage: ./dev payout ops repoll|retry|cancel <payout> --reason R [--expect-version N] [--json]',
  options: {
    ...REASON_REQUIRED,
    'expect-version': { type: 'string', value: 'N', description: 'refuse unless the payout is still at this version' },
    ...JSON_OPTION,
  },
  positionals: true,
  repeated: 'error',
});
const DECISION_SPEC = defineCommand({
  usage: 'usage: ./dev payout ops approve <proposal> [--reason R] | reject|withdraw <proposal> --reason R [--json]',
  options: { reason: { type: 'string', value: 'R', description: 'why (required to reject or withdraw)' }, ...JSON_OPTION },
  positionals: true,
  repeated: 'error',
});

/** One spec per ops subcommand: its options only, and its own `--help`. */
const SUBCOMMANDS: Readonly<Record<string, CommandSpec>> = {
  stuck: defineCommand({
    usage:
      'usage: ./dev payout ops stuck [FILTER] [--limit N] [--cursor C] [--json]\n\nStuck payouts, oldest first, with counts and amounts per bucket.',
    options: { ...FILTER_OPTIONS, ...PAGE_OPTIONS, ...JSON_OPTION },
    positionals: true,
    repeated: 'error',
  }),
  timeline: defineCommand({
    usage:
      'usage: ./dev payout ops timeline <payout> [--json]\n\nAttempts, bank requests and answers, events, postings, statement lines, ops actions.',
    options: JSON_OPTION,
    positionals: true,
    repeated: 'error',
  }),
  repoll: ACTION_SPEC,
  retry: ACTION_SPEC,
  cancel: ACTION_SPEC,
  'force-resolve': defineCommand({
    usage: [
      'usage: ./dev payout ops force-resolve <payout> --to succeeded|failed --reason R --evidence E [--evidence E …]',
      '                [--override-reason R] [--expires-in 2h] [--json]',
      '      E: statement-line:<line id> | statement:<statement id> | bank-ref:<reference> | confirmation:<file>',
      '      proposes the outcome; a second person (approver) approves it with `ops approve <proposal>`',
    ].join('\n'),
    options: {
      to: { type: 'string', value: 'STATUS', description: 'succeeded or failed (required)' },
      ...REASON_REQUIRED,
      evidence: { type: 'string', multiple: true, value: 'E', description: 'what shows the outcome (at least one)' },
      'override-reason': { type: 'string', value: 'R', description: 'why the evidence is not statement evidence' },
      'expires-in': { type: 'string', value: '2h', description: 'how long the proposal waits for approval' },
      ...JSON_OPTION,
    },
    positionals: true,
    repeated: 'error',
  }),
  proposals: defineCommand({
    usage: 'usage: ./dev payout ops proposals [--status pending|approved|rejected|withdrawn|expired] [--payout ID] [--limit N] [--json]',
    options: {
      status: { type: 'string', value: 'S', description: 'pending, approved, rejected, withdrawn or expired' },
      payout: { type: 'string', value: 'ID', description: 'proposals for this payout only' },
      limit: PAGE_OPTIONS.limit,
      ...JSON_OPTION,
    },
    positionals: true,
    repeated: 'error',
  }),
  proposal: defineCommand({
    usage: 'usage: ./dev payout ops proposal <proposal> [--json]',
    options: JSON_OPTION,
    positionals: true,
    repeated: 'error',
  }),
  approve: DECISION_SPEC,
  reject: DECISION_SPEC,
  withdraw: DECISION_SPEC,
  bulk: defineCommand({
    usage: [
      'usage: ./dev payout ops bulk repoll|retry|cancel [FILTER] --reason R --dry-run     what would change, and a confirmation token',
      '       ./dev payout ops bulk repoll|retry|cancel --confirm TOKEN --reason R        execute what the dry run showed',
    ].join('\n'),
    options: {
      ...FILTER_OPTIONS,
      ...REASON_REQUIRED,
      'dry-run': { type: 'boolean', description: 'preview: what would change, and a confirmation token' },
      confirm: { type: 'string', value: 'TOKEN', description: 'execute the previewed change' },
      ...JSON_OPTION,
    },
    positionals: true,
    repeated: 'error',
  }),
  audit: defineCommand({
    usage: [
      'usage: ./dev payout ops audit [--actor A] [--action X] [--target T] [--from ISO] [--to ISO] [--outcome O[,O]] [--limit N] [--cursor C] [--json]',
      '      the audit log, newest first, one row per line (approvers); X and T end in * for a prefix (ops.calendar.*);',
      '      O: applied, proposed, previewed, recorded, refused, error',
    ].join('\n'),
    options: { ...AUDIT_OPTIONS, ...PAGE_OPTIONS, ...JSON_OPTION },
    positionals: true,
    repeated: 'error',
  }),
};

/** What to do about a refusal, by code (the API's detail says what was wrong). */
const HINTS: Readonly<Record<string, string>> = {
  PAYOUT_E_UNAUTHORIZED: 'set PAYOUT_API_KEY to your own ops API key',
  PAYOUT_E_FORBIDDEN: 'your key lacks the ops scope or the role for this (viewer < operator < approver)',
  PAYOUT_E_ATTEMPT_LIVE: 'wait for polling or the statement check, or force-resolve with evidence',
  PAYOUT_E_REASON_FORBIDS_RETRY: 'the bank reason rules out a new instruction; force-resolve to failed if that is final',
  PAYOUT_E_ALREADY_SUCCEEDED: 'nothing may be sent again',
  PAYOUT_E_CONFLICT: 'run `./dev payout ops timeline <payout>` and decide again',
  PAYOUT_E_OPS_SELF_APPROVAL: 'ask a second person with the approver role',
  PAYOUT_E_OPS_PROPOSAL_EXPIRED: 'propose again with current evidence',
  PAYOUT_E_OPS_CONFIRMATION_INVALID: 'run the dry run again (--dry-run) and confirm with the new token',
  PAYOUT_E_OPS_EVIDENCE_REQUIRED: 'attach statement evidence, or --override-reason explaining why',
  PAYOUT_E_VALIDATION: 'run ./dev payout ops --help',
};

function need(value: string | undefined, what: string): string {
  if (value === undefined || value.trim() === '') throw new PayoutError('PAYOUT_E_VALIDATION', `${what} is required`);
  return value;
}

function filterQuery(a: ParsedArgs): Record<string, string | string[] | undefined> {
  const minAge = single(a, 'min-age');
  return {
    state: many(a, 'state'),
    bank: many(a, 'bank'),
    client: many(a, 'client'),
    currency: single(a, 'currency'),
    minAmountMinor: single(a, 'min-amount'),
    maxAmountMinor: single(a, 'max-amount'),
    minAgeSeconds: minAge === undefined ? undefined : String(parseDurationSeconds(minAge, 'min-age')),
    since: single(a, 'since'),
    until: single(a, 'until'),
  };
}

function filterBody(a: ParsedArgs): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(filterQuery(a))) if (v !== undefined) out[k] = v;
  return out;
}

/** `statement-line:123`, `statement:STMT-1`, `bank-ref:REF`, `confirmation:./file.pdf` → evidence JSON. */
export function parseEvidence(spec: string, readFile: (path: string) => Buffer = readFileSync): Record<string, string> {
  const i = spec.indexOf(':');
  const kind = i === -1 ? '' : spec.slice(0, i);
  const value = i === -1 ? '' : spec.slice(i + 1);
  if (value === '') throw new PayoutError('PAYOUT_E_VALIDATION', `evidence "${spec}" must be KIND:VALUE`);
  switch (kind) {
    case 'statement-line':
      return /^[0-9]{1,18}$/.test(value) ? { kind: 'statement_line', lineId: value } : { kind: 'statement_line', reference: value };
    case 'statement':
      return { kind: 'statement', statementId: value };
    case 'bank-ref':
      return { kind: 'bank_reference', reference: value };
    case 'confirmation': {
      let content: Buffer;
      try {
        content = readFile(value);
      } catch {
        throw new PayoutError('PAYOUT_E_VALIDATION', `cannot read the confirmation file ${value}`);
      }
      return { kind: 'confirmation', fileName: basename(value), sha256: createHash('sha256').update(content).digest('hex') };
    }
    default:
      throw new PayoutError(
        'PAYOUT_E_VALIDATION',
        `unknown evidence kind "${kind}"; use statement-line, statement, bank-ref or confirmation`,
      );
  }
}

async function run(api: OpsApiClient, a: ParsedArgs, io: CliIo, json: boolean): Promise<number> {
  const [cmd, ...pos] = a.positionals;
  const print = (body: Record<string, unknown>, human: (b: Record<string, unknown>) => string[]): void => {
    if (json) io.stdout(JSON.stringify(body, null, 2));
    else for (const line of human(body)) io.stdout(line);
  };
  const id = (what: string): string => {
    const v = pos[0];
    if (v === undefined || pos.length > 1) throw new PayoutError('PAYOUT_E_VALIDATION', `expected one ${what} id`);
    return encodeURIComponent(v);
  };
  switch (cmd) {
    case 'stuck':
      print(await api.get('/v1/ops/stuck', { ...filterQuery(a), limit: single(a, 'limit'), cursor: single(a, 'cursor') }), formatStuck);
      return 0;
    case 'timeline':
      print(await api.get(`/v1/ops/payouts/${id('payout')}/timeline`), formatTimeline);
      return 0;
    case 'repoll':
    case 'retry':
    case 'cancel': {
      const v = single(a, 'expect-version');
      if (v !== undefined && !/^[1-9][0-9]{0,8}$/.test(v))
        throw new PayoutError('PAYOUT_E_VALIDATION', '--expect-version must be a positive integer');
      const body = { reason: need(single(a, 'reason'), '--reason'), ...(v === undefined ? {} : { expectedVersion: Number(v) }) };
      print(await api.post(`/v1/ops/payouts/${id('payout')}/${cmd}`, body), formatAction);
      return 0;
    }
    case 'force-resolve': {
      const to = need(single(a, 'to'), '--to (succeeded or failed)');
      const evidence = (a.values.get('evidence') ?? []).map((e) => parseEvidence(e));
      if (evidence.length === 0) throw new PayoutError('PAYOUT_E_VALIDATION', 'at least one --evidence is required');
      const expires = single(a, 'expires-in');
      const override = single(a, 'override-reason');
      const body = {
        target: to,
        reason: need(single(a, 'reason'), '--reason'),
        evidence,
        ...(override === undefined ? {} : { overrideReason: override }),
        ...(expires === undefined ? {} : { expiresInSeconds: parseDurationSeconds(expires, 'expires-in') }),
      };
      const p = await api.post(`/v1/ops/payouts/${id('payout')}/force-resolve`, body);
      print(p, (b) => [...formatProposal(b), 'waiting for a second person: ./dev payout ops approve <proposal>']);
      return 0;
    }
    case 'proposals':
      print(
        await api.get('/v1/ops/proposals', { status: single(a, 'status'), payoutId: single(a, 'payout'), limit: single(a, 'limit') }),
        formatProposals,
      );
      return 0;
    case 'proposal':
      print(await api.get(`/v1/ops/proposals/${id('proposal')}`), formatProposal);
      return 0;
    case 'approve':
    case 'reject':
    case 'withdraw': {
      const reason = single(a, 'reason');
      const body = cmd === 'approve' ? (reason === undefined ? {} : { reason }) : { reason: need(reason, '--reason') };
      print(await api.post(`/v1/ops/proposals/${id('proposal')}/${cmd}`, body), formatDecision);
      return 0;
    }
    case 'bulk': {
      const action = pos[0];
      if (action !== 'repoll' && action !== 'retry' && action !== 'cancel')
        throw new PayoutError('PAYOUT_E_VALIDATION', 'bulk needs an action: repoll, retry or cancel');
      if (pos.length > 1) throw new PayoutError('PAYOUT_E_VALIDATION', `unexpected argument ${pos[1]}`);
      const reason = need(single(a, 'reason'), '--reason');
      const token = single(a, 'confirm');
      if (a.switches.has('dry-run') === (token !== undefined))
        throw new PayoutError('PAYOUT_E_VALIDATION', 'bulk needs exactly one of --dry-run (preview) or --confirm TOKEN (execute)');
      if (token === undefined) {
        print(await api.post(`/v1/ops/bulk/${action}/preview`, { filter: filterBody(a), reason }), (b) => formatBulkPreview(b, reason));
      } else {
        if (FILTER_FLAGS.some((f) => a.values.has(f)))
          throw new PayoutError('PAYOUT_E_VALIDATION', 'with --confirm, the filter is the one of the dry run; leave the filter flags out');
        print(await api.post(`/v1/ops/bulk/${action}/execute`, { confirmationToken: token, reason }), formatBulkExecution);
      }
      return 0;
    }
    case 'audit':
      print(await api.get('/v1/ops/audit', auditQuery(a)), formatAuditPage);
      return 0;
    default:
      throw new PayoutError('PAYOUT_E_VALIDATION', cmd === undefined ? 'missing command' : `unknown ops command ${cmd}`);
  }
}

/**
 * `./dev payout ops …` built on a fetch (tests pass a fake). It talks to the ops API over HTTP
 * with the person's own key (PAYOUT_API_KEY) rather than to the database: the API is where the
 * key is bound to a named person and role, where the rules and maker-checker run and where
 * every action — refused ones too — is audited. A CLI writing SQL would bypass all of that.
 *
 * Exit codes: 0 done, 1 refused by the API or unreachable, 2 bad arguments.
 */
export function createOpsCommand(deps: { readonly fetch: FetchLike }): CliCommand {
  return async (argv, io) => {
    const name = subcommandOf(argv, SUBCOMMANDS);
    const spec = name === undefined || !Object.hasOwn(SUBCOMMANDS, name) ? undefined : SUBCOMMANDS[name];
    if (name === 'help' || (name === undefined && (argv.includes('--help') || argv.includes('-h')))) {
      io.stdout(USAGE);
      return 0;
    }
    if (name === undefined) {
      io.stderr(USAGE);
      return 2;
    }
    if (spec === undefined) return usageError(io, `unknown ops command ${name}`);
    let a: ParsedArgs;
    try {
      const parsed = parseCommand(spec, argv);
      if (parsed.help) {
        io.stdout(helpText(spec));
        return 0;
      }
      a = opsArgs(parsed.values, parsed.positionals);
    } catch (err) {
      if (!isPayoutError(err)) throw err;
      return usageError(io, err.message);
    }
    const apiKey = io.env['PAYOUT_API_KEY'];
    if (apiKey === undefined || apiKey.trim() === '') {
      io.stderr(
        'error [PAYOUT_E_UNAUTHORIZED]: PAYOUT_API_KEY is not set — ops actions are made with your own API key (bound to your name and role)',
      );
      return 2;
    }
    const api = createOpsApiClient({
      baseUrl: io.env['PAYOUT_API_URL'] ?? 'http://127.0.0.1:3000',
      apiKey: apiKey.trim(),
      fetch: deps.fetch,
    });
    try {
      return await run(api, a, io, a.switches.has('json'));
    } catch (err) {
      if (err instanceof ApiProblem) {
        const hint = HINTS[err.code];
        io.stderr(
          `error [${err.code}]: ${err.message}${hint === undefined ? '' : ` — ${hint}`}${err.requestId === undefined ? '' : ` (request ${err.requestId})`}`,
        );
        return 1;
      }
      if (isPayoutError(err)) {
        const hint = err.code === 'PAYOUT_E_VALIDATION' ? HINTS[err.code] : 'check PAYOUT_API_URL and that the API is running';
        io.stderr(`error [${err.code}]: ${err.message} — ${hint}`);
        return err.code === 'PAYOUT_E_VALIDATION' ? 2 : 1;
      }
      throw err;
    }
  };
}

function usageError(io: CliIo, message: string): number {
  io.stderr(`error [PAYOUT_E_VALIDATION]: ${message} — run ./dev payout ops --help`);
  return 2;
}

export const opsCommand: CliCommand = createOpsCommand({ fetch: (url, init) => fetch(url, init) });
