// The back-office areas (imports, data quality, duplicates, verification, reports, campaigns, data sources): their
// routes for app.tsx and their navigation entries for the shell. Every page is a lazy chunk, so
// importing this module costs the first screen only these few lines.
import { createElement, lazy, type ComponentType } from 'react';
import type { Role } from '../auth/session.tsx';
import type { IconName } from '../ui/icons.tsx';

const page = <K extends string>(load: () => Promise<Record<K, ComponentType<never>>>, name: K) =>
  lazy(() => load().then((m) => ({ default: m[name] as ComponentType<Record<string, string>> })));

const ImportsPage = page(() => import('./imports/imports-page.tsx'), 'ImportsPage');
const ImportDetail = page(() => import('./imports/import-detail.tsx'), 'ImportDetail');
const QualityPage = page(() => import('./quality/quality-page.tsx'), 'QualityPage');
const DuplicatesPage = page(() => import('./duplicates/duplicates-page.tsx'), 'DuplicatesPage');
const VerificationPage = page(() => import('./verification/verification-page.tsx'), 'VerificationPage');
const ReportsPage = page(() => import('./reports/reports-page.tsx'), 'ReportsPage');
const CampaignsPage = page(() => import('./campaigns/campaigns-page.tsx'), 'CampaignsPage');
const SourcesPage = page(() => import('./sources/sources-page.tsx'), 'SourcesPage');

type Page = ComponentType<{ params: Record<string, string> }>;
const el = (C: ComponentType<Record<string, string>>, props: Record<string, string> = {}) => createElement(C, props);

export const areaRoutes: [string, Page][] = [
  ['/imports', () => el(ImportsPage)],
  ['/imports/:id', ({ params }) => el(ImportDetail, { id: params.id! })],
  ['/quality', () => el(QualityPage)],
  ['/duplicates', () => el(DuplicatesPage)],
  ['/verification', () => el(VerificationPage)],
  ['/reports', () => el(ReportsPage)],
  ['/campaigns', () => el(CampaignsPage)],
  ['/sources', () => el(SourcesPage)],
];

export interface AreaNavItem {
  to: string;
  label: string;
  icon: IconName;
  /** The roles the API serves this area to (others get 403, so they do not see the entry). */
  roles: readonly Role[];
}

const all: readonly Role[] = ['admin', 'manager', 'rep', 'controller', 'service', 'read_only'];

export const areaNav: AreaNavItem[] = [
  // Importing creates and updates records: src/imports/resources.ts mayImport.
  { to: '/imports', label: 'Imports', icon: 'plus', roles: ['admin', 'manager', 'rep', 'service'] },
  { to: '/quality', label: 'Data quality', icon: 'tasks', roles: all },
  // Merging changes both records; read-only and controllers only look.
  { to: '/duplicates', label: 'Duplicates', icon: 'contacts', roles: ['admin', 'manager', 'rep', 'service'] },
  { to: '/verification', label: 'Verification', icon: 'change', roles: ['admin', 'controller'] },
  { to: '/reports', label: 'Reports', icon: 'interactions', roles: ['admin', 'manager', 'rep', 'controller'] },
  { to: '/campaigns', label: 'Campaigns', icon: 'note', roles: all },
  // Whole-tenant counts per system (GET /sources/systems): roles that see every record.
  { to: '/sources', label: 'Data sources', icon: 'companies', roles: ['admin', 'controller'] },
];

/** The entries a role sees. */
export const areaNavFor = (role: Role) => areaNav.filter((i) => i.roles.includes(role));
