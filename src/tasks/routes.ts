// /api/v1/tasks: thin handlers that parse, call one service function and answer.
import { z } from 'zod';
import { ctxOf, type App } from '../platform/http.ts';
import { parseListParams, selectFields } from '../platform/list.ts';
import { etagOf, parseIfMatch } from '../platform/records.ts';
import { historyQuery, historyOut, listOut, problemResponses } from '../platform/openapi.ts';
import { recordHistory } from '../platform/audit/history.ts';
import { taskCreate, taskListQuery, taskOut, taskPatch } from './schemas.ts';
import { createTask, deleteTask, getTask, listTasks, updateTask } from './service.ts';
import { tasks } from './tables.ts';

const idParams = z.object({ id: z.uuid() });
const tags = ['tasks'];

export default async function taskRoutes(app: App) {
  app.post('/tasks', {
    schema: { tags, summary: 'Create a task', body: taskCreate, response: { 201: taskOut, ...problemResponses } },
  }, async (req, reply) => {
    const task = await createTask(ctxOf(req), req.body);
    return reply.code(201).header('etag', etagOf(task.version)).header('location', `/api/v1/tasks/${task.id}`).send(task);
  });

  app.get('/tasks', {
    schema: {
      tags, summary: 'List tasks (filter[assigneeId], filter[status], due=overdue|today, sort dueAt or createdAt, keyset cursor)',
      querystring: taskListQuery, response: { 200: listOut(taskOut.partial().extend({ id: z.uuid() })), ...problemResponses },
    },
  }, async (req) => {
    const params = parseListParams(req.query, 'dueAt');
    const result = await listTasks(ctxOf(req), params, req.query.due, req.query.tz);
    return params.fields ? { ...result, data: result.data.map((t) => selectFields(t, params.fields)) } : result;
  });

  app.get('/tasks/:id', {
    schema: { tags, summary: 'Get a task', params: idParams, response: { 200: taskOut, ...problemResponses } },
  }, async (req, reply) => {
    const task = await getTask(ctxOf(req), req.params.id);
    return reply.header('etag', etagOf(task.version)).send(task);
  });

  app.patch('/tasks/:id', {
    schema: { tags, summary: 'Change a task; status done completes it (send If-Match to refuse stale writes)', params: idParams, body: taskPatch, response: { 200: taskOut, ...problemResponses } },
  }, async (req, reply) => {
    const task = await updateTask(ctxOf(req), req.params.id, req.body, parseIfMatch(req.headers['if-match']));
    return reply.header('etag', etagOf(task.version)).send(task);
  });

  app.delete('/tasks/:id', {
    schema: { tags, summary: 'Delete a task', params: idParams, response: { 204: z.null(), ...problemResponses } },
  }, async (req, reply) => {
    await deleteTask(ctxOf(req), req.params.id);
    return reply.code(204).send(null);
  });

  app.get('/tasks/:id/history', {
    schema: { tags, summary: 'Field-level change history of a task', params: idParams, querystring: historyQuery, response: { 200: historyOut, ...problemResponses } },
  }, async (req) => recordHistory(ctxOf(req), 'task', tasks, req.params.id, req.query));
}
