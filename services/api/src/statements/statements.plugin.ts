import { createHash } from 'node:crypto';
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { PayoutError, maskAccount } from '@payout/domain';
import { ingestStatementFile, listStatementExceptions, type Db, type IngestResult } from '@payout/db';
import { STATEMENT_FILE_FORMATS, streamStatementFile } from '@payout/statements';
import { principalOf, type ApiApp } from '../app/api-app.ts';
import { problemResponse } from '../app/problem.ts';

export interface StatementsPluginOptions {
  readonly db: Db;
  /** Largest statement file accepted over HTTP (default 64 MiB); bigger files go through the CLI, which streams from disk. */
  readonly maxBodyBytes?: number;
  /** Called after a file was stored (e.g. wake the verify worker). */
  readonly onIngested?: (result: Extract<IngestResult, { kind: 'ingested' }>, bankId: string) => void;
}

const FILE_CONTENT_TYPES = [
  'application/xml',
  'text/xml',
  'text/plain',
  'text/csv',
  'application/octet-stream',
  'application/vnd.swift.mt940',
];
const BANK_ID = /^[a-z0-9][a-z0-9-]{0,62}$/;

const ingestedSchema = z.object({
  kind: z.literal('ingested'),
  fileId: z.string(),
  format: z.string(),
  lineCount: z.number().int(),
  linkedLines: z.number().int().meta({ description: 'Lines whose end-to-end id named one of our payout attempts' }),
  statements: z.array(
    z.object({
      statementRowId: z.string(),
      account: z.string().meta({ description: 'masked' }),
      statementId: z.string(),
      statementDate: z.string(),
      lineCount: z.number().int(),
      balanceCheck: z.string(),
      chainStatus: z
        .string()
        .meta({ description: 'continuous, broken (gap or balance break: the period is incomplete), unverifiable, first' }),
      alreadyStored: z.boolean(),
    }),
  ),
});
const duplicateSchema = z.object({ kind: z.literal('duplicate_file'), fileId: z.string(), ingestedAt: z.string() });

const exceptionSchema = z.object({
  id: z.string(),
  bankId: z.string(),
  account: z.string().meta({ description: 'masked' }),
  kind: z.string(),
  detail: z.string(),
  amountMinor: z.string(),
  currency: z.string(),
  bookingDate: z.string().nullable(),
  bankReference: z.string().nullable(),
  endToEndId: z.string().nullable(),
  payoutId: z.string().nullable(),
  createdAt: z.string(),
  resolvedAt: z.string().nullable(),
});

/**
 * Statements over HTTP (scope `ops`):
 * - `POST /v1/statements?bank=ID[&format=…]` with the raw file as the body (camt XML, MT940/942,
 *   BAI2, or `format=cn-csv`): stored in one transaction, all or nothing; the same file again
 *   answers 200 `duplicate_file` and changes nothing. A malformed file is a 422 problem naming
 *   the place.
 * - `GET /v1/statements/exceptions[?bank=ID&open=false]`: debits on our accounts that match no
 *   payout, returns that name no payout, and other contradictions, for ops.
 *
 * Register with one line: `void app.register(statementsPlugin, { db })`.
 */
export const statementsPlugin: FastifyPluginAsync<StatementsPluginOptions> = async (instance, opts) => {
  const app = instance as unknown as ApiApp;
  const maxBodyBytes = opts.maxBodyBytes ?? 64 * 1024 * 1024;
  app.addContentTypeParser(FILE_CONTENT_TYPES, { parseAs: 'buffer', bodyLimit: maxBodyBytes }, (_req, body, done) => done(null, body));

  app.post(
    '/v1/statements',
    {
      bodyLimit: maxBodyBytes,
      config: { scopes: ['ops'] },
      schema: {
        operationId: 'ingestStatement',
        tags: ['statements'],
        summary: 'Ingest a bank statement file (all or nothing; idempotent)',
        querystring: z.object({
          bank: z.string().regex(BANK_ID).meta({ description: 'The bank channel the statement is from' }),
          format: z.enum(STATEMENT_FILE_FORMATS).default('auto'),
        }),
        response: {
          200: duplicateSchema,
          201: ingestedSchema,
          401: problemResponse('No valid API key'),
          403: problemResponse('The key lacks the ops scope'),
          409: problemResponse('A statement with this id was already ingested with other content'),
          413: problemResponse('The file is larger than the limit'),
          422: problemResponse('Malformed statement, unknown format, or balances that do not add up; nothing stored'),
        },
      },
    },
    async (req, reply) => {
      const body: unknown = req.body;
      if (!Buffer.isBuffer(body) || body.length === 0) {
        throw new PayoutError(
          'PAYOUT_E_VALIDATION',
          'send the statement file as the request body (Content-Type application/xml, text/plain or text/csv)',
        );
      }
      const principal = principalOf(req);
      const { bank, format } = req.query;
      const result = await ingestStatementFile(opts.db, {
        bankId: bank,
        source: 'api',
        actor: `api:${principal.actor}`,
        contentSha256: createHash('sha256').update(body).digest('hex'),
        byteSize: body.length,
        events: streamStatementFile([body], { format }),
      });
      if (result.kind === 'duplicate_file') {
        return reply.code(200).send({ kind: 'duplicate_file', fileId: result.fileId, ingestedAt: result.ingestedAt.toISOString() });
      }
      req.log.info(
        { bankId: bank, fileId: result.fileId, lines: result.lineCount, statements: result.statements.length },
        'statement file ingested',
      );
      opts.onIngested?.(result, bank);
      return reply.code(201).send({
        kind: 'ingested',
        fileId: result.fileId,
        format: result.format,
        lineCount: result.lineCount,
        linkedLines: result.linkedLines,
        statements: result.statements.map((s) => ({
          statementRowId: s.statementRowId,
          account: maskAccount(s.accountId),
          statementId: s.statementId,
          statementDate: s.statementDate,
          lineCount: s.lineCount,
          balanceCheck: s.balanceCheck,
          chainStatus: s.chainStatus,
          alreadyStored: s.alreadyStored,
        })),
      });
    },
  );

  app.get(
    '/v1/statements/exceptions',
    {
      config: { scopes: ['ops'] },
      schema: {
        operationId: 'listStatementExceptions',
        tags: ['statements'],
        summary: 'Statement lines ops must look at (debits matching no payout, unlinked returns, contradictions)',
        querystring: z.object({
          bank: z.string().regex(BANK_ID).optional(),
          open: z.enum(['true', 'false']).default('true'),
          limit: z.coerce.number().int().min(1).max(1000).default(200),
        }),
        response: {
          200: z.object({ exceptions: z.array(exceptionSchema) }),
          401: problemResponse('No valid API key'),
          403: problemResponse('The key lacks the ops scope'),
        },
      },
    },
    async (req) => {
      const list = await listStatementExceptions(opts.db, {
        bankId: req.query.bank,
        open: req.query.open === 'true',
        limit: req.query.limit,
      });
      return {
        exceptions: list.map((e) => ({
          id: e.id,
          bankId: e.bankId,
          account: maskAccount(e.accountId),
          kind: e.kind,
          detail: e.detail,
          amountMinor: e.amountMinor.toString(),
          currency: e.currency,
          bookingDate: e.bookingDate,
          bankReference: e.bankReference,
          endToEndId: e.endToEndId,
          payoutId: e.payoutId,
          createdAt: e.createdAt.toISOString(),
          resolvedAt: e.resolvedAt?.toISOString() ?? null,
        })),
      };
    },
  );
};
