// Builds the Fastify app from the domain route modules. Tests call buildApp() and app.inject();
// only main.ts listens on a port.
import Fastify from 'fastify';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Config } from './config.ts';
import type { Database } from './db/client.ts';
import { uuidv7 } from './platform/ids.ts';
import { authHook, errorHandler, problem, type App } from './platform/http.ts';
import { installIdempotency } from './platform/idempotency.ts';
import authRoutes from './platform/auth/routes.ts';
import auditRoutes from './platform/audit/routes.ts';
import userRoutes from './users/routes.ts';
import contactRoutes from './contacts/routes.ts';
import householdRoutes from './households/routes.ts';
import relationshipRoutes from './households/relationship-routes.ts';
import categoryRoutes from './categories/routes.ts';
import customFieldRoutes from './custom-fields/routes.ts';
import shareRoutes from './shares/routes.ts';
import interactionRoutes from './interactions/routes.ts';
import accountRoutes from './accounts/routes.ts';
import outcomeRoutes from './outcomes/routes.ts';
import campaignRoutes from './campaigns/routes.ts';
import noteRoutes from './notes/routes.ts';
import taskRoutes from './tasks/routes.ts';
import timelineRoutes from './timeline/routes.ts';
import companyRoutes from './companies/routes.ts';
import searchRoutes from './search/routes.ts';
import identityRoutes from './identities/routes.ts';
import qualityRoutes from './quality/routes.ts';
import ruleRoutes from './rules/routes.ts';
import referenceRoutes from './reference/routes.ts';
import jobRoutes from './platform/jobs/routes.ts';
import importRoutes from './imports/routes.ts';
import exportRoutes from './exports/routes.ts';
import savedViewRoutes from './saved-views/routes.ts';
import cadenceRoutes from './cadence/routes.ts';
import compensationRoutes from './compensation/routes.ts';
import reportRoutes from './reports/routes.ts';
import matchingRoutes from './matching/routes.ts';
import sourceRoutes from './sources/routes.ts';
import dealRoutes from './deals/routes.ts';
import tenantSettingsRoutes from './tenants/settings-routes.ts';
import { registerWeb } from './web.ts';

export interface AppOptions {
  database: Database;
  config: Config;
  logger?: boolean;
}

export async function buildApp({ database, config, logger = false }: AppOptions): Promise<App> {
  const app = Fastify({
    logger: logger ? { level: config.LOG_LEVEL } : false,
    genReqId: () => uuidv7(),
    bodyLimit: 10 * 1024 * 1024,
    routerOptions: { ignoreTrailingSlash: true },
    ajv: undefined,
  }).withTypeProvider<ZodTypeProvider>();

  app.decorate('database', database);
  app.decorate('config', config);
  app.decorateRequest('auth', null);
  app.setValidatorCompiler(validatorCompiler);
  // Presenters already shape every response; plain JSON.stringify keeps the hot path fast while
  // the response schemas still document the API.
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler((req, reply) => problem(reply, req, 404, 'Not Found', `No route ${req.method} ${req.url.split('?')[0]}`, { code: 'no_route' }));

  await app.register(cookie);
  await app.register(rateLimit, { global: false });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Rapport API', version: '1.0.0', description: 'CRM and customer data platform. Errors are RFC 9457 application/problem+json.' },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'A session token from POST /api/v1/auth/login or an API token' },
          cookie: { type: 'apiKey', in: 'cookie', name: 'rapport_session', description: 'Session cookie; writes also need X-CSRF-Token' },
        },
      },
      security: [{ bearer: [] }, { cookie: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });

  app.get('/api/openapi.json', { config: { public: true }, schema: { hide: true } }, () => app.swagger());
  app.get('/api/health', { config: { public: true }, schema: { hide: true } }, async () => {
    await database.query('select 1');
    return { status: 'ok', database: database.kind };
  });

  await app.register(
    async (api) => {
      api.addHook('onRequest', authHook);
      installIdempotency(api as unknown as App);
      await api.register(authRoutes);
      await api.register(userRoutes);
      await api.register(auditRoutes);
      await api.register(contactRoutes);
      await api.register(householdRoutes);
      await api.register(relationshipRoutes);
      await api.register(categoryRoutes);
      await api.register(customFieldRoutes);
      await api.register(shareRoutes);
      await api.register(interactionRoutes);
      await api.register(accountRoutes);
      await api.register(outcomeRoutes);
      await api.register(campaignRoutes);
      await api.register(noteRoutes);
      await api.register(taskRoutes);
      await api.register(timelineRoutes);
      await api.register(companyRoutes);
      await api.register(searchRoutes);
      await api.register(identityRoutes);
      await api.register(qualityRoutes);
      await api.register(ruleRoutes);
      await api.register(referenceRoutes);
      await api.register(jobRoutes);
      await api.register(importRoutes);
      await api.register(exportRoutes);
      await api.register(savedViewRoutes);
      await api.register(cadenceRoutes);
      await api.register(compensationRoutes);
      await api.register(reportRoutes);
      await api.register(matchingRoutes);
      await api.register(sourceRoutes);
      await api.register(dealRoutes);
      await api.register(tenantSettingsRoutes);
    },
    { prefix: '/api/v1' },
  );
  await registerWeb(app);
  return app as unknown as App;
}
