// The row generators behind the demo seed and the benchmark data sets. Pure functions of a seed,
// a tenant, a clock and the owners to assign: no database. Each contact comes both as API create
// input (what POST /contacts/bulk takes) and as the row the service would have stored.
import type { ContactCreate } from '../contacts/schemas.ts';
import type { NewContactRow } from '../contacts/data.ts';
import type { contactCompanies, sourceIdentifiers } from '../contacts/tables.ts';
import { createRandom, type Random } from './random.ts';
import { companyRow, contactRow, type NewCompanyRow } from './rows.ts';
import { companyDraft, contactDraft, Uniques } from './people.ts';
import { canDuplicate, duplicateKinds, duplicateOf, type DuplicateKind } from './duplicates.ts';
import { interactionFor, noteFor, taskFor, type ActivityRefs, type InteractionSet, type NewNoteRow, type NewTaskRow } from './activity.ts';

export type { NewCompanyRow } from './rows.ts';
export type NewContactCompanyRow = typeof contactCompanies.$inferInsert;
export type NewSourceIdentifierRow = typeof sourceIdentifiers.$inferInsert;

const DAY = 86_400_000;

export interface Owner {
  userId: string;
  teamId: string | null;
}

export interface GeneratorOptions {
  seed: string;
  tenantId: string;
  /** The clock the data is generated around (ms); records are dated in the years before it. */
  now: number;
  /** Who private clients and companies belong to. */
  owners: readonly Owner[];
  /** Who contacts at institutions belong to (defaults to owners). */
  institutionalOwners?: readonly Owner[];
  createdBy?: string | null;
}

export interface GeneratedCompany {
  row: NewCompanyRow;
  institutional: boolean;
}

export interface GeneratedContact {
  input: ContactCreate;
  row: NewContactRow;
  companyLinks: NewContactCompanyRow[];
  sources: NewSourceIdentifierRow[];
}

export interface DuplicatePair {
  originalId: string;
  duplicateId: string;
  kind: DuplicateKind;
}

export interface Activity extends InteractionSet {
  notes: NewNoteRow[];
  tasks: NewTaskRow[];
}

export interface Generator {
  readonly random: Random;
  /** n companies; later contacts may work at any company generated so far. */
  companies(n: number): GeneratedCompany[];
  contacts(n: number): GeneratedContact[];
  /** n near-duplicates of the given contacts, spread over every kind of mistake. */
  duplicates(of: readonly GeneratedContact[], n: number): { contacts: GeneratedContact[]; pairs: DuplicatePair[] };
  activity(of: readonly GeneratedContact[], counts: { interactions: number; notes: number; tasks: number }): Activity;
}

export function createGenerator(opts: GeneratorOptions): Generator {
  const r = createRandom(opts.seed);
  const u = new Uniques();
  const drafts: Array<ReturnType<typeof companyDraft>> = [];
  const companyIds: string[] = [];
  const createdBy = opts.createdBy ?? null;
  const institutionalOwners = opts.institutionalOwners?.length ? opts.institutionalOwners : opts.owners;
  if (opts.owners.length === 0) throw new Error('createGenerator: at least one owner');
  let sourceSeq = 0;

  const dated = (maxDaysAgo: number) => {
    const created = opts.now - r.int(maxDaysAgo * DAY);
    return { createdAt: new Date(created), updatedAt: new Date(created + r.int(opts.now - created + 1)) };
  };

  function finish(input: ContactCreate, owner: Owner, at: { createdAt: Date; updatedAt: Date }): GeneratedContact {
    input.ownerId = owner.userId;
    input.teamId = owner.teamId;
    const id = r.uuidAt(at.createdAt.getTime());
    const row = contactRow(input, { tenantId: opts.tenantId, id, ownerId: owner.userId, teamId: owner.teamId, createdBy, ...at });
    const companyLinks = (input.companies ?? []).map((c, i) => ({
      tenantId: opts.tenantId, contactId: id, companyId: c.companyId, role: c.role ?? null, isPrimary: i === 0, createdAt: at.createdAt,
    }));
    const sources = (input.sourceIdentifiers ?? []).map((s) => ({
      tenantId: opts.tenantId, id: r.uuidAt(at.createdAt.getTime()), system: s.system, externalId: s.externalId, contactId: id, createdAt: at.createdAt,
    }));
    return { input, row, companyLinks, sources };
  }

  return {
    random: r,

    companies(n) {
      return Array.from({ length: n }, () => {
        const draft = companyDraft(r, u);
        const owner = r.pick(draft.institutional ? institutionalOwners : opts.owners);
        const at = dated(4 * 365);
        const id = r.uuidAt(at.createdAt.getTime());
        drafts.push(draft);
        companyIds.push(id);
        const row = companyRow(draft.input, { tenantId: opts.tenantId, id, ownerId: owner.userId, teamId: owner.teamId, createdBy, ...at });
        return { row, institutional: draft.institutional };
      });
    },

    contacts(n) {
      return Array.from({ length: n }, () => {
        const draft = contactDraft(r, u, drafts, opts.now);
        const company = draft.companyIndex === null ? null : drafts[draft.companyIndex]!;
        if (draft.companyIndex !== null) {
          draft.input.companies = [{ companyId: companyIds[draft.companyIndex]!, role: draft.input.jobTitle ?? null, isPrimary: true }];
        }
        return finish(draft.input, r.pick(company?.institutional ? institutionalOwners : opts.owners), dated(3 * 365));
      });
    },

    duplicates(of, n) {
      const contacts: GeneratedContact[] = [];
      const pairs: DuplicatePair[] = [];
      const used = new Set<string>();
      for (let i = 0, tries = 0; contacts.length < n && tries < n * 200; tries++) {
        const kind = duplicateKinds[i % duplicateKinds.length]!;
        const original = r.pick(of);
        if (used.has(original.row.id!) || !canDuplicate(kind, original.input)) continue;
        used.add(original.row.id!);
        const input = duplicateOf(r, kind, original.input);
        input.sourceIdentifiers = [{ system: 'legacy-crm', externalId: `LC-${String(++sourceSeq).padStart(6, '0')}` }];
        // Entered later, often by someone else: that is how the same client ends up twice.
        const after = original.row.createdAt!.getTime();
        const createdAt = new Date(after + r.int(Math.max(1, opts.now - after)));
        const dup = finish(input, r.pick(opts.owners), { createdAt, updatedAt: createdAt });
        contacts.push(dup);
        pairs.push({ originalId: original.row.id!, duplicateId: dup.row.id!, kind });
        i++;
      }
      return { contacts, pairs };
    },

    activity(of, counts) {
      const rows = of.map((c) => c.row);
      const companyOf = new Map(of.flatMap((c) => (c.companyLinks[0] ? [[c.row.id!, c.companyLinks[0].companyId] as const] : [])));
      const refs: ActivityRefs = { tenantId: opts.tenantId, now: opts.now, createdBy, companyOf };
      const out: Activity = { interactions: [], participants: [], metrics: [], notes: [], tasks: [] };
      for (let i = 0; i < counts.interactions; i++) interactionFor(r, refs, rows, out);
      for (let i = 0; i < counts.notes; i++) out.notes.push(noteFor(r, refs, rows));
      for (let i = 0; i < counts.tasks; i++) out.tasks.push(taskFor(r, refs, rows));
      return out;
    },
  };
}
