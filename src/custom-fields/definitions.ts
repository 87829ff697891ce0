// Custom field definition use cases: create, list, get, change, delete. Writes are admin-only
// (policy resource 'custom_field'). A type change is refused once values exist, as is removing an
// option in use; deleting a definition strips its values from the records. All audited and evented.
import { and, asc, eq } from 'drizzle-orm';
import type { Tx } from '../db/client.ts';
import { inTenant, type Ctx } from '../platform/context.ts';
import { AppError, conflict, forbidden, invalid, notFound } from '../platform/errors.ts';
import { uuidv7 } from '../platform/ids.ts';
import { appendAudit, diff } from '../platform/audit/service.ts';
import { emitEvents } from '../platform/outbox/service.ts';
import { can, type Action } from '../platform/policy/index.ts';
import { customFieldDefinitions } from './tables.ts';
import type { Definition, CustomFieldType } from './service.ts';
import type { CustomFieldEntity, DefinitionCreate, DefinitionOut, DefinitionPatch } from './schemas.ts';
import { hasValues, stripValues, usesOptions } from './values.ts';

const allow = (ctx: Ctx, action: Action) => {
  if (!can(ctx.principal, action, 'custom_field')) throw forbidden(`Your role may not ${action} custom fields`);
};

const isSelect = (type: string) => type === 'select' || type === 'multiselect';

export const presentDefinition = (d: Definition): DefinitionOut => ({
  id: d.id, entity: d.entity as CustomFieldEntity, key: d.key, label: d.label, type: d.type as CustomFieldType,
  options: d.options, required: d.required, createdAt: d.createdAt.toISOString(),
});

const view = (d: Definition) => ({ entity: d.entity, key: d.key, label: d.label, type: d.type, options: d.options, required: d.required });

function checkOptions(type: string, options: string[]) {
  if (isSelect(type) && options.length === 0) throw invalid('options', `a ${type} field needs at least one option`);
  if (!isSelect(type) && options.length > 0) throw invalid('options', `a ${type} field has no options`);
}

async function record(tx: Tx, ctx: Ctx, action: string, before: Definition | null, after: Definition | null, extra: Record<string, unknown> = {}) {
  const d = (after ?? before)!;
  await appendAudit(tx, ctx.tenantId, ctx.actor, [{ action, entity: 'custom_field', entityId: d.id, changes: diff(before && { ...view(before), ...extra }, after && view(after)) }]);
  await emitEvents(tx, ctx.tenantId, ctx.actor.id, [{ type: action, entity: 'custom_field', entityId: d.id, payload: presentDefinition(d) }]);
}

async function load(tx: Tx, ctx: Ctx, id: string, lock = false): Promise<Definition> {
  const q = tx.select().from(customFieldDefinitions).where(and(eq(customFieldDefinitions.tenantId, ctx.tenantId), eq(customFieldDefinitions.id, id)));
  const [row] = await (lock ? q.for('update') : q);
  if (!row) throw notFound('Custom field');
  return row;
}

export async function createDefinition(ctx: Ctx, input: DefinitionCreate): Promise<DefinitionOut> {
  allow(ctx, 'create');
  const options = input.options ?? [];
  checkOptions(input.type, options);
  return inTenant(ctx, async (tx) => {
    const [clash] = await tx
      .select({ id: customFieldDefinitions.id })
      .from(customFieldDefinitions)
      .where(and(eq(customFieldDefinitions.tenantId, ctx.tenantId), eq(customFieldDefinitions.entity, input.entity), eq(customFieldDefinitions.key, input.key)));
    if (clash) throw conflict(`A ${input.entity} custom field ${input.key} already exists`, 'key');
    const [row] = await tx
      .insert(customFieldDefinitions)
      .values({ tenantId: ctx.tenantId, id: uuidv7(), entity: input.entity, key: input.key, label: input.label, type: input.type, options, required: input.required, createdAt: new Date() })
      .returning();
    await record(tx, ctx, 'custom_field.created', null, row!);
    return presentDefinition(row!);
  });
}

export async function listDefinitions(ctx: Ctx, entity?: CustomFieldEntity): Promise<DefinitionOut[]> {
  allow(ctx, 'read');
  const rows = await inTenant(ctx, (tx) =>
    tx.select().from(customFieldDefinitions)
      .where(and(eq(customFieldDefinitions.tenantId, ctx.tenantId), entity ? eq(customFieldDefinitions.entity, entity) : undefined))
      .orderBy(asc(customFieldDefinitions.entity), asc(customFieldDefinitions.key)));
  return rows.map(presentDefinition);
}

export async function getDefinition(ctx: Ctx, id: string): Promise<DefinitionOut> {
  allow(ctx, 'read');
  return presentDefinition(await inTenant(ctx, (tx) => load(tx, ctx, id)));
}

export async function updateDefinition(ctx: Ctx, id: string, patch: DefinitionPatch): Promise<DefinitionOut> {
  allow(ctx, 'update');
  return inTenant(ctx, async (tx) => {
    const before = await load(tx, ctx, id, true);
    const entity = before.entity as CustomFieldEntity;
    const type = patch.type ?? before.type;
    // Leaving a select type drops its options unless new ones are sent (which checkOptions refuses).
    const options = patch.options ?? (isSelect(type) ? before.options : []);
    checkOptions(type, options);
    if (type !== before.type && (await hasValues(tx, entity, ctx.tenantId, before.key))) {
      throw new AppError('conflict', 409, `type: ${before.key} already has values; its type cannot change`, [{ field: 'type', message: 'records already hold values of this field' }]);
    }
    const removed = type === before.type ? before.options.filter((o) => !options.includes(o)) : [];
    if (await usesOptions(tx, entity, ctx.tenantId, before.key, removed)) {
      throw new AppError('conflict', 409, 'options: a removed option is still in use', [{ field: 'options', message: `records still use one of ${removed.join(', ')}` }]);
    }
    const [after] = await tx
      .update(customFieldDefinitions)
      .set({ label: patch.label ?? before.label, type, options, required: patch.required ?? before.required })
      .where(and(eq(customFieldDefinitions.tenantId, ctx.tenantId), eq(customFieldDefinitions.id, id)))
      .returning();
    await record(tx, ctx, 'custom_field.updated', before, after!);
    return presentDefinition(after!);
  });
}

export async function deleteDefinition(ctx: Ctx, id: string): Promise<void> {
  allow(ctx, 'delete');
  await inTenant(ctx, async (tx) => {
    const before = await load(tx, ctx, id, true);
    await tx.delete(customFieldDefinitions).where(and(eq(customFieldDefinitions.tenantId, ctx.tenantId), eq(customFieldDefinitions.id, id)));
    const stripped = await stripValues(tx, before.entity as CustomFieldEntity, ctx.tenantId, before.key);
    await record(tx, ctx, 'custom_field.deleted', before, null, { recordsWithValues: stripped });
  });
}
