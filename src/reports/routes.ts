// /api/v1/reports/...: the management reports as JSON, or with ?format=csv as a download whose
// text cells are formula-neutralised. Thin handlers that parse, call one service function and answer.
import { z } from 'zod';
import type { FastifyReply } from 'fastify';
import { ctxOf, type App } from '../platform/http.ts';
import { problemResponses } from '../platform/openapi.ts';
import { complianceRow } from '../cadence/schemas.ts';
import { statementSummary } from '../compensation/schemas.ts';
import {
  activityQuery, activityRow, cadenceReportQuery, compensationReportQuery, outcomesRow, periodQuery, roiQuery, roiRow,
} from './schemas.ts';
import { activityReport, cadenceReport, compensationReport, outcomesReport, roiReport } from './service.ts';
import { reportCsv } from './csv.ts';

const tags = ['reports'];
const csvNote = 'With format=csv: text/csv, one line per row, cells a spreadsheet would run as formulas start with a single quote.';

function answer<R extends Record<string, unknown>>(reply: FastifyReply, name: string, fmt: 'json' | 'csv', schema: z.ZodObject, rows: R[]) {
  if (fmt === 'json') return reply.send({ data: rows });
  const columns = Object.keys(schema.shape) as Array<keyof R & string>;
  return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${name}-${new Date().toISOString().slice(0, 10)}.csv"`)
    .send(reportCsv(columns, rows));
}

const out = (row: z.ZodObject) => ({ 200: z.object({ data: z.array(row) }).describe(`JSON; ${csvNote}`), ...problemResponses });

export default async function reportRoutes(app: App) {
  app.get('/reports/activity', {
    schema: { tags, summary: 'Interactions by rep (owner), kind and week', querystring: activityQuery, response: out(activityRow) },
  }, async (req, reply) => answer(reply, 'activity', req.query.format, activityRow, await activityReport(ctxOf(req), req.query)));

  app.get('/reports/outcomes', {
    schema: { tags, summary: 'Outcomes claimed in a period against verified (as they stand now), with the verification lag, by rep and kind', querystring: periodQuery, response: out(outcomesRow) },
  }, async (req, reply) => answer(reply, 'outcomes', req.query.format, outcomesRow, await outcomesReport(ctxOf(req), req.query)));

  app.get('/reports/cadence', {
    schema: { tags, summary: 'Cadence compliance: share of each book inside policy, by rep or team', querystring: cadenceReportQuery, response: out(complianceRow) },
  }, async (req, reply) => answer(reply, 'cadence', req.query.format, complianceRow, await cadenceReport(ctxOf(req), req.query.groupBy)));

  app.get('/reports/compensation', {
    schema: { tags, summary: "Compensation statement totals of a plan's period", querystring: compensationReportQuery, response: out(statementSummary) },
  }, async (req, reply) => answer(reply, 'compensation', req.query.format, statementSummary, await compensationReport(ctxOf(req), req.query.planId)));

  app.get('/reports/campaign-roi', {
    schema: {
      tags, summary: 'Campaign ROI: cost against verified outcomes credited explicitly, by first touch and by last touch; per campaign or type, optionally by month',
      querystring: roiQuery, response: out(roiRow),
    },
  }, async (req, reply) => answer(reply, 'campaign-roi', req.query.format, roiRow, await roiReport(ctxOf(req), req.query)));
}
