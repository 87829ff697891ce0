// /api/v1/settings: the tenant's settings (every key with its value or default). Reading them is
// open to every signed-in user (pages need them); changing them is for admins, audited.
import { ctxOf, type App } from '../platform/http.ts';
import { problemResponses } from '../platform/openapi.ts';
import { getTenantSettings, putTenantSettings, tenantSettingsOut, tenantSettingsPut } from './settings.ts';

const tags = ['settings'];

export default async function tenantSettingsRoutes(app: App) {
  app.get('/settings', {
    schema: { tags, summary: "The tenant's settings (defaults filled in)", response: { 200: tenantSettingsOut, ...problemResponses } },
  }, async (req) => getTenantSettings(ctxOf(req)));

  app.put('/settings', {
    schema: {
      tags, summary: 'Change tenant settings (admin; keys left out keep their value; audited)',
      body: tenantSettingsPut, response: { 200: tenantSettingsOut, ...problemResponses },
    },
  }, async (req) => putTenantSettings(ctxOf(req), req.body));
}
