// Turns generated API-shaped input into table rows with the derived columns the services compute
// (display name, primary email and phone, E.164 phones, search tokens), so rows inserted straight
// into the tables look exactly like rows written through the API.
import type { companies } from '../companies/tables.ts';
import type { NewContactRow } from '../contacts/data.ts';
import type { ContactCreate } from '../contacts/schemas.ts';
import type { PhoneNumber, PostalAddress } from '../contacts/types.ts';
import {
  clean, displayNameOf, normalizeAddresses, normalizeEmails, normalizePhones, primaryOf,
} from '../contacts/normalize.ts';
import { companyTokens, contactTokens } from '../search/tokens.ts';

export type NewCompanyRow = typeof companies.$inferInsert;

export interface RowMeta {
  tenantId: string;
  id: string;
  ownerId: string | null;
  teamId: string | null;
  createdBy: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** The row the contact service would store for this create input. */
export function contactRow(input: ContactCreate, meta: RowMeta): NewContactRow {
  const addresses = normalizeAddresses(input.addresses ?? []);
  const country = primaryOf(addresses)?.country ?? null;
  const emails = normalizeEmails(input.emails ?? []);
  const phones = normalizePhones(input.phones ?? [], country);
  const names = {
    prefix: clean(input.prefix), givenName: clean(input.givenName), middleName: clean(input.middleName),
    familyName: clean(input.familyName), suffix: clean(input.suffix),
  };
  const displayName = displayNameOf(names, primaryOf(emails)?.address ?? null);
  return {
    tenantId: meta.tenantId,
    id: meta.id,
    ...names,
    displayName,
    jobTitle: clean(input.jobTitle),
    lifecycleStage: input.lifecycleStage ?? 'lead',
    tier: clean(input.tier),
    ownerId: input.ownerId ?? meta.ownerId,
    teamId: input.teamId ?? meta.teamId,
    emails, phones, addresses,
    primaryEmail: primaryOf(emails)?.address ?? null,
    primaryPhone: primaryOf(phones)?.e164 ?? primaryOf(phones)?.number ?? null,
    birthDate: input.birthDate ?? null,
    netWorth: input.netWorth ? input.netWorth.amount.toFixed(2) : null,
    netWorthCurrency: input.netWorth?.currency ?? null,
    accountNumbers: input.accountNumbers ?? [],
    contractDocuments: (input.contractDocuments ?? []).map((d) => ({ name: d.name, url: d.url ?? null, signedOn: d.signedOn ?? null })),
    consent: Object.fromEntries(Object.entries(input.consent ?? {}).map(([k, v]) => [k, { status: v.status, at: v.at ?? null, source: v.source ?? null }])),
    tags: [...new Set(input.tags ?? [])],
    customFields: {},
    searchTokens: contactTokens({ ...names, displayName, emails, phones }),
    createdBy: meta.createdBy,
    createdAt: meta.createdAt,
    updatedAt: meta.updatedAt,
  };
}

export interface CompanyInput {
  name: string;
  domain: string | null;
  website: string | null;
  industry: string | null;
  size: number | null;
  description: string | null;
  phones: Array<{ number: string; type?: string }>;
  addresses: Array<Partial<PostalAddress>>;
  tags: string[];
}

export function companyRow(input: CompanyInput, meta: RowMeta): NewCompanyRow {
  const addresses = normalizeAddresses(input.addresses);
  const phones: PhoneNumber[] = normalizePhones(input.phones, primaryOf(addresses)?.country ?? null);
  return {
    tenantId: meta.tenantId,
    id: meta.id,
    name: input.name,
    domain: input.domain,
    website: input.website,
    industry: input.industry,
    size: input.size,
    description: input.description,
    phones, addresses,
    tags: input.tags,
    customFields: {},
    searchTokens: companyTokens({ name: input.name, domain: input.domain, phones }),
    ownerId: meta.ownerId,
    teamId: meta.teamId,
    createdBy: meta.createdBy,
    createdAt: meta.createdAt,
    updatedAt: meta.updatedAt,
  };
}
