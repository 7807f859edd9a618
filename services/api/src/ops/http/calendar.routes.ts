import { z } from 'zod';
import { CALENDAR_IDS } from '@payout/calendar';
import { PayoutError } from '@payout/domain';
import type { ApiApp } from '../../app/api-app.ts';
import { problemResponse } from '../../app/problem.ts';
import type { OpsDeps } from '../ops-deps.ts';
import {
  calendarsOverview,
  decideOnCalendarYear,
  getCalendarYearRecord,
  listAlerts,
  listCalendarYearRecords,
  proposeCalendarYear,
} from '../service/calendar-years.service.ts';
import { jsonBody } from './ops-json.ts';
import { opsContext, unwrap } from './ops-request.ts';

const anyJson = (description: string) => z.looseObject({}).meta({ description });
const refusals = {
  400: problemResponse('Malformed request'),
  401: problemResponse('No valid API key'),
  403: problemResponse('The key lacks the ops scope or the role for this action'),
  404: problemResponse('No such calendar year'),
  409: problemResponse('A proposal is already waiting, or it was decided already'),
  422: problemResponse('The calendar file failed its checks (every problem is listed)'),
};
const limit = z
  .string()
  .regex(/^[1-9][0-9]{0,2}$/)
  .optional()
  .transform((s) => Math.min(200, s === undefined ? 50 : Number(s)));
const yearParams = z.object({
  calendar: z.string().max(20),
  year: z
    .string()
    .regex(/^[0-9]{4}$/, 'a four-digit year')
    .transform(Number),
});
const idParams = z.object({ id: z.string().regex(/^[0-9a-fA-F-]{36}$/, 'a calendar year id (uuid)') });
const proposeBody = z.strictObject({
  reason: z.string().trim().min(1).max(2000).meta({ description: 'Why, e.g. the notice the list comes from — kept in the audit row.' }),
  file: z.unknown().meta({ description: 'The calendar year file (docs/calendar-import.md); checked before anything is stored.' }),
});
const decisionBody = z.strictObject({ reason: z.string().trim().max(2000).optional() });
const yearsQuery = z.strictObject({
  calendar: z.enum(CALENDAR_IDS).optional(),
  status: z.enum(['proposed', 'approved', 'rejected', 'withdrawn', 'superseded']).optional(),
  limit,
});
const alertsQuery = z.strictObject({ kind: z.string().max(60).optional(), limit });

/**
 * Calendars as operable reference data under `/v1/ops/calendars`: coverage and days left,
 * importing a year (maker), approving it (a second person, checker), and the ops alerts.
 * Runs inside the ops scope (registerOpsRoutes), so the same authentication, roles and audit
 * of refused requests apply.
 */
export function registerCalendarRoutes(app: ApiApp, deps: OpsDeps): void {
  app.get(
    '/v1/ops/calendars',
    {
      schema: {
        operationId: 'opsCalendars',
        tags: ['ops'],
        summary: "Each calendar's coverage, last covered day and days left; proposals waiting",
        response: { 200: anyJson('Coverage'), ...refusals },
      },
    },
    async (req) => {
      opsContext(req);
      return jsonBody(await calendarsOverview(deps));
    },
  );
  app.get(
    '/v1/ops/calendars/years',
    {
      schema: {
        operationId: 'opsCalendarYears',
        tags: ['ops'],
        summary: 'Imported calendar years, newest first',
        querystring: yearsQuery,
        response: { 200: anyJson('Calendar years'), ...refusals },
      },
    },
    async (req) => {
      opsContext(req);
      return jsonBody({
        items: await listCalendarYearRecords(deps, { calendarId: req.query.calendar, status: req.query.status, limit: req.query.limit }),
      });
    },
  );
  app.get(
    '/v1/ops/calendars/years/:id',
    {
      schema: {
        operationId: 'opsCalendarYear',
        tags: ['ops'],
        summary: 'One imported calendar year with its checks and decision',
        params: idParams,
        response: { 200: anyJson('Calendar year'), ...refusals },
      },
    },
    async (req) => {
      opsContext(req);
      const r = await getCalendarYearRecord(deps, req.params.id.toLowerCase());
      if (r === undefined) throw new PayoutError('PAYOUT_E_NOT_FOUND', 'no such calendar year');
      return jsonBody(r);
    },
  );
  app.post(
    '/v1/ops/calendars/:calendar/years/:year',
    {
      schema: {
        operationId: 'opsProposeCalendarYear',
        tags: ['ops'],
        summary: 'Propose a calendar year from an import file (needs a second person to approve)',
        params: yearParams,
        body: proposeBody,
        response: { 202: anyJson('Proposed, waiting for approval'), ...refusals },
      },
    },
    async (req, reply) => {
      const r = unwrap(
        await proposeCalendarYear(deps, opsContext(req), {
          calendar: req.params.calendar,
          year: req.params.year,
          file: req.body.file,
          reason: req.body.reason,
        }),
      );
      return reply.code(202).send(jsonBody(r));
    },
  );
  for (const verdict of ['approve', 'reject', 'withdraw'] as const) {
    app.post(
      `/v1/ops/calendars/years/:id/${verdict}`,
      {
        schema: {
          operationId: `ops${verdict[0]!.toUpperCase()}${verdict.slice(1)}CalendarYear`,
          tags: ['ops'],
          summary: `${verdict} a proposed calendar year`,
          params: idParams,
          body: decisionBody,
          response: { 200: anyJson('Decided'), ...refusals },
        },
      },
      async (req) => jsonBody(unwrap(await decideOnCalendarYear(deps, opsContext(req), req.params.id.toLowerCase(), verdict, req.body))),
    );
  }
  app.get(
    '/v1/ops/alerts',
    {
      schema: {
        operationId: 'opsAlerts',
        tags: ['ops'],
        summary: 'Ops alerts (e.g. calendar coverage running out), newest first',
        querystring: alertsQuery,
        response: { 200: anyJson('Alerts'), ...refusals },
      },
    },
    async (req) => {
      opsContext(req);
      return jsonBody({ items: await listAlerts(deps, { kind: req.query.kind, limit: req.query.limit }) });
    },
  );
}
