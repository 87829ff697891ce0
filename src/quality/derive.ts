// What the contact and company services add to every row they write: quality issues,
// completeness and derived enrichment, all recomputed from the row's values.
import { assessCompany, assessContact, type CompanyFacts, type ContactFacts, type QualityIssue } from './assess.ts';
import { deriveEnrichment, type Enrichment } from './enrich.ts';

export interface DerivedColumns {
  qualityIssues: QualityIssue[];
  completeness: number;
  enrichment: Enrichment;
}

export function deriveContact(values: ContactFacts, previous: Enrichment | null | undefined, now = new Date()): DerivedColumns {
  return { ...assessContact(values, now.toISOString().slice(0, 10)), enrichment: deriveEnrichment(values, previous, now) };
}

export function deriveCompany(values: CompanyFacts, previous: Enrichment | null | undefined, now = new Date()): DerivedColumns {
  // A company's own name is typed, so only the phone and address derivations apply.
  const { companyName: _ignored, ageBand: _none, ...enrichment } = deriveEnrichment({ phones: values.phones, addresses: values.addresses }, previous, now);
  return { ...assessCompany(values), enrichment };
}
