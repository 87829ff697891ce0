// The matching API's shapes (src/matching/schemas.ts): candidate pairs, their waterfall, merges.
import type { Address, Email, Phone } from '../../api/types.ts';

export interface WaterfallStep {
  column: string;
  level: string;
  m: number | null;
  u: number | null;
  weight: number;
  termFrequencyAdjustment: number;
}
export interface Waterfall {
  priorWeight: number;
  steps: WaterfallStep[];
}

export interface ContactSide {
  id: string; displayName: string; givenName: string | null; familyName: string | null;
  emails: Email[]; phones: Phone[]; addresses: Address[]; birthDate?: string | null; company: string | null;
  ownerId: string | null; teamId: string | null; version: number; updatedAt: string;
}
export interface CompanySide {
  id: string; name: string; domain: string | null; website: string | null; phones: Phone[]; addresses: Address[];
  ownerId: string | null; teamId: string | null; version: number; updatedAt: string;
}
export type Side = ContactSide | CompanySide;

export type Entity = 'contact' | 'company';
export type CandidateStatus = 'open' | 'merged' | 'not_duplicate' | 'dismissed';

export interface Candidate {
  id: string;
  entity: Entity;
  status: CandidateStatus;
  band: 'uncertain' | 'likely';
  probability: number;
  matchWeight: number;
  waterfall: Waterfall;
  left: Side;
  right: Side;
  decidedBy: string | null;
  decidedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface Merge {
  id: string;
  survivorId: string;
  mergedId: string;
  candidateId: string | null;
  fields: Record<string, 'survivor' | 'merged'>;
  createdAt: string;
  undoneAt: string | null;
}

export const sideName = (s: Side) => ('displayName' in s ? s.displayName : s.name);
