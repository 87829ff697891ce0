// The company API's shapes (create, patch, output) and the normalisation of domains and web
// addresses, which the schemas use to refuse values that cannot be normalised.
import { z } from 'zod';
import { qualityFieldsOut } from '../quality/schemas.ts';
import { addressIn, addressOut, phoneIn, phoneOut, sourceIdentifierIn, sourceIn } from '../contacts/schemas.ts';

const text = (max = 200) => z.string().max(max).nullish();
const domainPattern = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{2,63}$/;

/** "https://WWW.Example.com/about" -> "example.com"; null when no host name can be read. */
export function normalizeDomain(input: string): string | null {
  const s = input.trim();
  if (!s || /\s/.test(s)) return null;
  let host: string;
  try {
    // URL does the hard parts: scheme, user info, port, path, and IDN to punycode.
    host = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(s) ? s : `http://${s}`).hostname;
  } catch {
    return null;
  }
  host = host.replace(/\.$/, '').replace(/^www\./, '');
  return domainPattern.test(host) ? host : null;
}

/** A web address with a scheme ("acme.com/x" -> "https://acme.com/x"); null unless http(s). */
export function normalizeWebsite(input: string): string | null {
  const s = input.trim();
  if (!s || /\s/.test(s)) return null;
  try {
    const url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(s) ? s : `https://${s}`);
    if ((url.protocol !== 'http:' && url.protocol !== 'https:') || !normalizeDomain(url.hostname)) return null;
    return url.toString();
  } catch {
    return null;
  }
}

const companyFields = {
  name: z.string().trim().min(1, 'is required').max(200),
  domain: z.string().max(300).refine((s) => normalizeDomain(s) !== null, 'is not a domain name').nullish()
    .describe('Stored as the bare host: lower case, without scheme, www. or path. Defaults to the website host.'),
  website: z.string().max(2000).refine((s) => normalizeWebsite(s) !== null, 'is not an http(s) web address').nullish(),
  industry: text(120),
  size: z.number().int().min(0).max(100_000_000).nullish().describe('Number of employees'),
  description: text(10_000),
  ownerId: z.uuid().nullish(),
  teamId: z.uuid().nullish(),
  phones: z.array(phoneIn).max(50).optional(),
  addresses: z.array(addressIn).max(20).optional(),
  tags: z.array(z.string().trim().min(1).max(60)).max(100).optional(),
  sourceIdentifiers: z.array(sourceIdentifierIn).max(100).optional(),
  customFields: z.record(z.string(), z.unknown()).optional(),
  source: sourceIn.optional(),
};

export const companyCreate = z.strictObject(companyFields);
export const companyPatch = z.strictObject(companyFields).partial();
export type CompanyCreate = z.infer<typeof companyCreate>;
export type CompanyPatch = z.infer<typeof companyPatch>;

export const companyOut = z.object({
  id: z.uuid(),
  name: z.string(), domain: z.string().nullable(), website: z.string().nullable(), industry: z.string().nullable(),
  size: z.number().nullable(), description: z.string().nullable(),
  ownerId: z.uuid().nullable(), teamId: z.uuid().nullable(),
  phones: z.array(phoneOut), addresses: z.array(addressOut),
  tags: z.array(z.string()),
  sourceIdentifiers: z.array(z.object({ system: z.string(), externalId: z.string() })),
  customFields: z.record(z.string(), z.unknown()),
  ...qualityFieldsOut,
  createdAt: z.string(), updatedAt: z.string(), version: z.number(),
});
export type CompanyOut = z.infer<typeof companyOut>;
