// Tenant settings: the keys, their zod types and defaults (settingTypes and defaults, the one place to
// add a setting), reading them (with defaults filled in, or as SQL for queries that need one inline),
// and changing them (admin only, audited as tenant.settings_changed with before/after per key).
import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { Queryable, Tx } from '../db/client.ts';
import { inTenant, readInTenant, type Ctx } from '../platform/context.ts';
import { forbidden } from '../platform/errors.ts';
import { appendAudit } from '../platform/audit/service.ts';
import { tenantSettings } from './settings-tables.ts';

/** Every setting's type (extend here, with its default below); stored values failing a newer type fall back to the default. */
const settingTypes = {
  staleMonths: z.number().int().min(1).max(240)
    .describe('A contact or company not confirmed (or created) for this many months counts as stale'),
};
const defaults = { staleMonths: 12 } satisfies { [K in keyof typeof settingTypes]: z.infer<(typeof settingTypes)[K]> };

export type SettingKey = keyof typeof settingTypes;
export type TenantSettings = { [K in SettingKey]: z.infer<(typeof settingTypes)[K]> };
export const tenantSettingsOut = z.object(settingTypes);

/** PUT body: any subset of the keys (unknown keys refused); keys left out keep their value. */
export const tenantSettingsPut = z.object(settingTypes).partial().strict();

const keys = Object.keys(settingTypes) as SettingKey[];

function fill(rows: { key: string; value: unknown }[]): TenantSettings {
  const out: Record<string, unknown> = { ...defaults };
  for (const r of rows) {
    const schema = settingTypes[r.key as SettingKey];
    if (!schema) continue;
    const parsed = schema.safeParse(r.value);
    if (parsed.success) out[r.key] = parsed.data;
  }
  return out as TenantSettings;
}

/** The tenant's settings inside an open tenant transaction or read. */
export async function settingsOf(q: Queryable, tenantId: string): Promise<TenantSettings> {
  return fill(await q.select({ key: tenantSettings.key, value: tenantSettings.value }).from(tenantSettings).where(eq(tenantSettings.tenantId, tenantId)));
}

export const getTenantSettings = (ctx: Ctx) => readInTenant(ctx, (q) => settingsOf(q, ctx.tenantId));

/** A numeric setting as a SQL expression (default when unset), for queries over many tenants' rows or inline use. */
export function numericSettingSql(tenantIdSql: SQL | string, key: SettingKey): SQL {
  const t = typeof tenantIdSql === 'string' ? sql`${tenantIdSql}::uuid` : tenantIdSql;
  return sql`coalesce((select case when jsonb_typeof(s.value) = 'number' then (s.value #>> '{}')::int end from tenant_settings s where s.tenant_id = ${t} and s.key = ${key}), ${defaults[key]}::int)`;
}

/** Changes the given keys (admin only); audited with before/after of each key that changed. */
export async function putTenantSettings(ctx: Ctx, input: Partial<TenantSettings>): Promise<TenantSettings> {
  return inTenant(ctx, (tx) => putTenantSettingsIn(tx, ctx, input));
}

/** putTenantSettings in the caller's transaction. */
export async function putTenantSettingsIn(tx: Tx, ctx: Ctx, input: Partial<TenantSettings>): Promise<TenantSettings> {
  if (ctx.principal.role !== 'admin') throw forbidden('Only admins may change tenant settings');
  const given = keys.filter((k) => input[k] !== undefined);
  // Lock the tenant's rows of these keys so two admins' changes are audited in the order applied.
  if (given.length) {
    await tx.select({ key: tenantSettings.key }).from(tenantSettings)
      .where(and(eq(tenantSettings.tenantId, ctx.tenantId), inArray(tenantSettings.key, given))).for('update');
  }
  const before = await settingsOf(tx, ctx.tenantId);
  const changed = given.filter((k) => JSON.stringify(before[k]) !== JSON.stringify(input[k]));
  if (changed.length === 0) return before;
  const now = new Date();
  for (const k of changed) {
    await tx.insert(tenantSettings).values({ tenantId: ctx.tenantId, key: k, value: input[k], updatedAt: now, updatedBy: ctx.actor.id })
      .onConflictDoUpdate({ target: [tenantSettings.tenantId, tenantSettings.key], set: { value: input[k], updatedAt: now, updatedBy: ctx.actor.id } });
  }
  const after = { ...before, ...Object.fromEntries(changed.map((k) => [k, input[k]])) } as TenantSettings;
  await appendAudit(tx, ctx.tenantId, ctx.actor, [{
    action: 'tenant.settings_changed', entity: 'tenant', entityId: ctx.tenantId,
    changes: Object.fromEntries(changed.map((k) => [k, { before: before[k], after: after[k] }])),
  }]);
  return after;
}
