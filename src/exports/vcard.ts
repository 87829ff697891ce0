// vCard 4.0 (RFC 6350) for contacts: escaped values, lines folded at 75 octets, CRLF. UID and
// X-RAPPORT-ID carry the contact's id and X-RAPPORT-SOURCE-ID its source identifiers, so a file
// imported again updates the same contacts (imports/vcard.ts reads them). Pure.
import type { ContactOut } from '../contacts/schemas.ts';
import { escapeText } from '../imports/vcard.ts';

/** Folds a content line at 75 octets without cutting a UTF-8 character. */
export function fold(line: string): string {
  // Most lines are short: a UTF-16 unit is at most 3 UTF-8 bytes, and byteLength allocates nothing.
  if (line.length <= 25 || Buffer.byteLength(line, 'utf8') <= 75) return line;
  const bytes = Buffer.from(line, 'utf8');
  const parts: string[] = [];
  let start = 0;
  let limit = 75;
  while (start < bytes.length) {
    let end = Math.min(bytes.length, start + limit);
    while (end < bytes.length && (bytes[end]! & 0xc0) === 0x80) end--; // not inside a character
    parts.push(bytes.subarray(start, end).toString('utf8'));
    start = end;
    limit = 74; // continuation lines start with a space
  }
  return parts.join('\r\n ');
}

const typeParam = (type: string, primary: boolean) => {
  const t = type === 'mobile' ? 'cell' : type;
  return `;TYPE=${/^[a-z-]+$/i.test(t) ? t : `"${t.replace(/"/g, '')}"`}${primary ? ';PREF=1' : ''}`;
};

/** What a vCard is written from: a presented contact, or the export path's narrower row. */
export type VcardContact = Pick<ContactOut, 'id' | 'displayName' | 'familyName' | 'givenName' | 'middleName' | 'prefix' | 'suffix'
  | 'emails' | 'phones' | 'addresses' | 'jobTitle' | 'birthDate' | 'tags' | 'updatedAt'> & {
  companies: ReadonlyArray<{ name: string }>;
  sourceIdentifiers: ReadonlyArray<{ system: string; externalId: string }>;
};

export function contactToVcard(c: VcardContact): string {
  const lines = ['BEGIN:VCARD', 'VERSION:4.0', `UID:urn:uuid:${c.id}`, `X-RAPPORT-ID:${c.id}`];
  lines.push(`FN:${escapeText(c.displayName)}`);
  lines.push(`N:${[c.familyName, c.givenName, c.middleName, c.prefix, c.suffix].map((v) => escapeText(v ?? '')).join(';')}`);
  for (const e of c.emails) lines.push(`EMAIL${typeParam(e.type, e.primary)}:${escapeText(e.address)}`);
  for (const p of c.phones) lines.push(`TEL${typeParam(p.type, p.primary)}:${escapeText(p.number)}`);
  for (const a of c.addresses) {
    lines.push(`ADR${typeParam(a.type, a.primary)}:${['', a.line2, a.line1, a.city, a.region, a.postalCode, a.country].map((v) => escapeText(v ?? '')).join(';')}`);
  }
  for (const l of c.companies) lines.push(`ORG:${escapeText(l.name)}`);
  if (c.jobTitle) lines.push(`TITLE:${escapeText(c.jobTitle)}`);
  if (c.birthDate) lines.push(`BDAY:${c.birthDate.replace(/-/g, '')}`);
  if (c.tags.length) lines.push(`CATEGORIES:${c.tags.map(escapeText).join(',')}`);
  for (const s of c.sourceIdentifiers) lines.push(`X-RAPPORT-SOURCE-ID:${escapeText(`${s.system}:${s.externalId}`)}`);
  lines.push(`REV:${c.updatedAt.replace(/[-:]/g, '').replace(/\.\d+/, '')}`);
  lines.push('END:VCARD');
  return lines.map(fold).join('\r\n') + '\r\n';
}
