// /api/v1/settings: the tenant's settings as one document: the plain keys (every key with its value
// or default) and `survivorship`, how the golden record picks each field among its sources (the
// same as /api/v1/sources/settings, which stays for clients written against it). Reading is open to
// every signed-in user (pages need them); changing is for admins, audited, all parts in one
// transaction (a survivorship change queues the recompute of stored records).
import { z } from 'zod';
import { ctxOf, type App } from '../platform/http.ts';
import { problemResponses } from '../platform/openapi.ts';
import { inTenant, readInTenant, type Ctx } from '../platform/context.ts';
import { survivorshipSettings } from '../sources/golden.ts';
import { putSurvivorshipIn, survivorshipOf } from '../sources/settings.ts';
import { putTenantSettingsIn, settingsOf, tenantSettingsOut, tenantSettingsPut } from './settings.ts';

const tags = ['settings'];

const settingsOut = tenantSettingsOut.extend({
  survivorship: survivorshipSettings.describe('How the golden record picks each field among its sources (changing it recomputes stored records in a job)'),
});
const settingsPut = tenantSettingsPut.extend({ survivorship: survivorshipSettings.optional() }).strict();

const readAll = (ctx: Ctx) => readInTenant(ctx, async (q) => ({
  ...(await settingsOf(q, ctx.tenantId)), survivorship: await survivorshipOf(q, ctx.tenantId),
}));

async function putAll(ctx: Ctx, input: z.infer<typeof settingsPut>) {
  const { survivorship, ...plain } = input;
  return inTenant(ctx, async (tx) => ({
    ...(await putTenantSettingsIn(tx, ctx, plain)),
    survivorship: survivorship ? await putSurvivorshipIn(tx, ctx, survivorship) : await survivorshipOf(tx, ctx.tenantId),
  }));
}

export default async function tenantSettingsRoutes(app: App) {
  app.get('/settings', {
    schema: { tags, summary: "The tenant's settings (defaults filled in), survivorship included", response: { 200: settingsOut, ...problemResponses } },
  }, async (req) => readAll(ctxOf(req)));

  app.put('/settings', {
    schema: {
      tags, summary: 'Change tenant settings (admin; keys left out keep their value; survivorship is replaced whole when given; audited)',
      body: settingsPut, response: { 200: settingsOut, ...problemResponses },
    },
  }, async (req) => putAll(ctxOf(req), req.body));
}
