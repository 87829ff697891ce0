// /api/v1/notes: thin handlers that parse, call one service function and answer.
import { z } from 'zod';
import { ctxOf, type App } from '../platform/http.ts';
import { listQuerySchema, parseListParams, selectFields } from '../platform/list.ts';
import { etagOf, parseIfMatch } from '../platform/records.ts';
import { historyQuery, historyOut, listOut, problemResponses } from '../platform/openapi.ts';
import { recordHistory } from '../platform/audit/history.ts';
import { noteCreate, noteOut, notePatch } from './schemas.ts';
import { createNote, deleteNote, getNote, listNotes, updateNote } from './service.ts';
import { notes } from './tables.ts';

const idParams = z.object({ id: z.uuid() });
const tags = ['notes'];

export default async function noteRoutes(app: App) {
  app.post('/notes', {
    schema: { tags, summary: 'Write a note on a contact or a company', body: noteCreate, response: { 201: noteOut, ...problemResponses } },
  }, async (req, reply) => {
    const note = await createNote(ctxOf(req), req.body);
    return reply.code(201).header('etag', etagOf(note.version)).header('location', `/api/v1/notes/${note.id}`).send(note);
  });

  app.get('/notes', {
    schema: { tags, summary: 'List notes (filter[contactId], filter[companyId], sort, keyset cursor)', querystring: listQuerySchema, response: { 200: listOut(noteOut.partial().extend({ id: z.uuid() })), ...problemResponses } },
  }, async (req) => {
    const params = parseListParams(req.query, '-createdAt');
    const result = await listNotes(ctxOf(req), params);
    return params.fields ? { ...result, data: result.data.map((n) => selectFields(n, params.fields)) } : result;
  });

  app.get('/notes/:id', {
    schema: { tags, summary: 'Get a note', params: idParams, response: { 200: noteOut, ...problemResponses } },
  }, async (req, reply) => {
    const note = await getNote(ctxOf(req), req.params.id);
    return reply.header('etag', etagOf(note.version)).send(note);
  });

  app.patch('/notes/:id', {
    schema: { tags, summary: 'Change a note (send If-Match with the ETag to refuse stale writes)', params: idParams, body: notePatch, response: { 200: noteOut, ...problemResponses } },
  }, async (req, reply) => {
    const note = await updateNote(ctxOf(req), req.params.id, req.body, parseIfMatch(req.headers['if-match']));
    return reply.header('etag', etagOf(note.version)).send(note);
  });

  app.delete('/notes/:id', {
    schema: { tags, summary: 'Delete a note', params: idParams, response: { 204: z.null(), ...problemResponses } },
  }, async (req, reply) => {
    await deleteNote(ctxOf(req), req.params.id);
    return reply.code(204).send(null);
  });

  app.get('/notes/:id/history', {
    schema: { tags, summary: 'Field-level change history of a note', params: idParams, querystring: historyQuery, response: { 200: historyOut, ...problemResponses } },
  }, async (req) => recordHistory(ctxOf(req), 'note', notes, req.params.id, req.query));
}
