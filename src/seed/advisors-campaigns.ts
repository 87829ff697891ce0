// Demo data for the advisor features: a client-events programme (golf sponsorship, symphony night,
// museum night, motorsport weekend) and an advertising campaign, each with costs and the clients
// they reached; interactions attributed to them; accounts (some joint, through households) with
// transactions; outcomes in every status; and a pipeline of deals, some won after a campaign
// touch. Campaigns, touches, households, accounts, transactions and deals go through their services
// (real audit and events); generated interactions are attributed in place, and the outcome history
// is replayed straight into its tables with past timestamps, as the services stamp "now".
import { sql } from 'drizzle-orm';
import type { Database } from '../db/client.ts';
import { systemCtx, type Ctx } from '../platform/context.ts';
import { appendAudit } from '../platform/audit/service.ts';
import { uuidv7 } from '../platform/ids.ts';
import { rowsOf } from '../db/sql.ts';
import type { Role } from '../platform/policy/index.ts';
import { addCost, addTouches, createCampaign } from '../campaigns/service.ts';
import { createDeal } from '../deals/service.ts';
import { createHousehold } from '../households/service.ts';
import { loadAccounts, loadTransactions } from '../accounts/service.ts';
import type { AccountIn } from '../accounts/schemas.ts';
import { decisionTransactions, outcomeDecisions, outcomes, type OutcomeKind, type OutcomeStatus } from '../outcomes/tables.ts';

export interface SeedUser { id: string; teamIds: string[] }
export interface AdvisorSeedInput {
  tenantId: string;
  users: ReadonlyMap<string, SeedUser>;
  contacts: ReadonlyArray<{ id: string; ownerId: string | null }>;
  now: number;
}

const DAY = 86_400_000;

const asUser = (database: Database, tenantId: string, email: string, u: SeedUser, role: Role): Ctx => ({
  database, tenantId, principal: { userId: u.id, role, teamIds: u.teamIds }, actor: { id: u.id, label: email },
});

type Plan = { kind: OutcomeKind; amount?: number; status: OutcomeStatus; paid?: number; corrected?: boolean; ibType?: string };
// One row per client of rep1 (then rep2): what they were pitched after which campaign, and how it ended.
const plans: Plan[] = [
  { kind: 'assets_deposited', amount: 750_000, status: 'verified', paid: 750_000 },
  { kind: 'assets_deposited', amount: 1_200_000, status: 'partially_verified', paid: 800_000 },
  { kind: 'assets_pledged', amount: 2_000_000, status: 'claimed', paid: 1_990_000 },
  { kind: 'assets_deposited', amount: 400_000, status: 'claimed', paid: 401_500 },
  { kind: 'assets_deposited', amount: 300_000, status: 'rejected' },
  { kind: 'assets_pledged', amount: 5_000_000, status: 'lapsed' },
  { kind: 'assets_deposited', amount: 250_000, status: 'verified', paid: 250_000, corrected: true },
  { kind: 'account_opened', status: 'verified' },
  { kind: 'ib_engagement', amount: 180_000, status: 'claimed', ibType: 'M&A advisory' },
  { kind: 'revenue', amount: 12_500, status: 'claimed' },
  { kind: 'assets_deposited', amount: 600_000, status: 'claimed' },
  { kind: 'assets_pledged', amount: 900_000, status: 'verified', paid: 900_000 },
];

export async function seedAdvisorsCampaigns(database: Database, input: AdvisorSeedInput): Promise<{ campaigns: number; accounts: number; transactions: number; outcomes: number; deals: number }> {
  const { tenantId, users, now } = input;
  const user = (email: string) => users.get(email)!;
  const admin = systemCtx(database, tenantId, 'rapport-seed');
  const manager = asUser(database, tenantId, 'manager@demo.test', user('manager@demo.test'), 'manager');
  const reps = (['rep1@demo.test', 'rep2@demo.test'] as const).map((e) => asUser(database, tenantId, e, user(e), 'rep'));
  const controllerId = user('controller@demo.test').id;
  const at = (daysAgo: number) => new Date(now - daysAgo * DAY);
  const iso = (daysAgo: number) => at(daysAgo).toISOString();
  const dateOf = (daysAgo: number) => iso(daysAgo).slice(0, 10);

  // Reporting line: reps report to the manager; the controller sits outside it.
  await database.withTenant(tenantId, (tx) => tx.execute(sql`update users set manager_id = ${manager.principal.userId}::uuid
    where tenant_id = ${tenantId}::uuid and id in (${sql.join(['rep1@demo.test', 'rep2@demo.test', 'rep3@demo.test', 'rep4@demo.test'].map((e) => sql`${user(e).id}::uuid`), sql`, `)})`));

  const programme = await createCampaign(manager, { name: 'Client events 2026', type: 'programme', budget: 400_000, currency: 'EUR', startsOn: dateOf(120) });
  const specs = [
    { name: 'Golf tournament sponsorship', type: 'sponsorship' as const, ago: 90, costs: [['Title sponsorship', 120_000], ['Hospitality tent', 18_500]] as const },
    { name: 'Symphony night', type: 'event' as const, ago: 60, costs: [['Box seats', 24_000], ['Reception', 9_800]] as const },
    { name: 'Museum night', type: 'event' as const, ago: 40, costs: [['Private viewing', 15_000], ['Catering', 6_200]] as const },
    { name: 'Motorsport weekend', type: 'event' as const, ago: 25, costs: [['Paddock passes', 42_000], ['Travel', 11_300]] as const },
  ];
  const campaigns = [];
  for (const s of specs) {
    const c = await createCampaign(manager, { name: s.name, type: s.type, parentId: programme.id, startsOn: dateOf(s.ago), endsOn: dateOf(s.ago - 1), budget: s.costs.reduce((a, [, v]) => a + v, 0) * 1.1, currency: 'EUR', attributionWindowDays: 120 });
    for (const [description, amount] of s.costs) await addCost(manager, c.id, { description, amount, currency: 'EUR', incurredOn: dateOf(s.ago + 10) });
    campaigns.push({ ...c, ago: s.ago });
  }
  const ads = await createCampaign(manager, { name: 'Wealth planning ad campaign', type: 'advertising', startsOn: dateOf(100), endsOn: dateOf(30), budget: 60_000, currency: 'EUR', attributionWindowDays: 60 });
  await addCost(manager, ads.id, { description: 'Financial press placements', amount: 38_000, currency: 'EUR', incurredOn: dateOf(95) });
  await addCost(manager, ads.id, { description: 'Online display', amount: 14_750, currency: 'EUR', incurredOn: dateOf(70) });

  // Clients: six contacts each of rep1 and rep2 with at least two generated interactions. The first
  // becomes the campaign event, the second the follow-up meeting the outcome is claimed on (moved
  // in time and attributed in place, so the demo's interaction counts stay what the generator made).
  const clients: Array<{ id: string; ctx: Ctx; interactions: [string, string] }> = [];
  for (const ctx of reps) {
    const rows = await database.withTenant(tenantId, (tx) => rowsOf<{ contact_id: string; ids: string[] }>(tx, sql`
      select p.contact_id, (array_agg(p.interaction_id::text order by p.interaction_id))[1:2] as ids
      from interaction_participants p join contacts c on c.tenant_id = p.tenant_id and c.id = p.contact_id
      where p.tenant_id = ${tenantId}::uuid and c.owner_id = ${ctx.principal.userId}::uuid
      group by p.contact_id having count(*) >= 2 order by p.contact_id limit 6`));
    for (const r of rows) clients.push({ id: r.contact_id, ctx, interactions: [r.ids[0]!, r.ids[1]!] });
  }
  if (clients.length < 2) return { campaigns: campaigns.length + 2, accounts: 0, transactions: 0, outcomes: 0, deals: 0 };
  const household = await createHousehold(reps[0]!, { name: 'Demo family office', members: [{ contactId: clients[0]!.id, role: 'head' }, { contactId: clients[1]!.id, role: 'spouse' }] });
  const accountItems: AccountIn[] = clients.map((c, i) => ({
    externalId: `DEMO-ACC-${i + 1}`, number: `DE${String(10 + i)} 5001 0517 ${String(5400 + i * 37).padStart(4, '0')} ${String(1000 + i * 911).slice(0, 4)} 00`,
    name: `Portfolio ${i + 1}`, kind: i % 3 === 0 ? 'discretionary' : 'advisory', custodian: i % 2 ? 'Pershing' : 'Clearstream', currency: 'EUR', openedOn: dateOf(800 - i * 30),
    owners: [{ contactId: c.id }],
  }));
  accountItems.push({ externalId: 'DEMO-ACC-JOINT', number: 'DE89 3704 0044 0532 0130 00', name: 'Family joint account', kind: 'joint', custodian: 'Clearstream', currency: 'EUR', openedOn: dateOf(400), owners: [{ householdId: household.id }] });
  const accounts = await loadAccounts(admin, accountItems, 'atomic');
  const accountIds = accounts.results.map((r) => r.id!);

  const txItems: Parameters<typeof loadTransactions>[1] = [];
  const outcomeRows: Array<typeof outcomes.$inferInsert> = [];
  const decisionRows: Array<typeof outcomeDecisions.$inferInsert> = [];
  const linkRows: Array<typeof decisionTransactions.$inferInsert> = [];
  const txIds = new Map<string, string>();
  for (const [i, client] of clients.entries()) {
    const plan = plans[i % plans.length]!;
    const campaign = i % 5 === 4 ? { ...ads, ago: 50 } : campaigns[i % campaigns.length]!;
    const touch = campaign.ago;
    await addTouches(manager, campaign.id, [{ contactId: client.id, kind: i % 5 === 4 ? 'clicked' : 'attended', touchedAt: iso(touch) }]);
    const claimedAgo = plan.status === 'lapsed' ? 100 : Math.max(6, touch - 14);
    const meeting = { id: client.interactions[1], ownerId: client.ctx.principal.userId, teamId: client.ctx.principal.teamIds[0] ?? null };
    await database.withTenant(tenantId, async (tx) => {
      await tx.execute(sql`update interactions set kind = 'event', occurred_at = ${iso(touch)}::timestamptz, subject = ${`At ${campaign.name}`}, campaign_id = ${campaign.id}::uuid
        where tenant_id = ${tenantId}::uuid and id = ${client.interactions[0]}::uuid`);
      await tx.execute(sql`update interactions set kind = 'in_person', occurred_at = ${iso(claimedAgo)}::timestamptz, subject = 'Follow-up meeting',
          owner_id = ${meeting.ownerId}::uuid, team_id = ${meeting.teamId}::uuid
        where tenant_id = ${tenantId}::uuid and id = ${meeting.id}::uuid`);
    });
    // The joint account (through the household) receives the first client's money.
    const accountIndex = i === 0 ? accountIds.length - 1 : i;
    const extId = accountItems[accountIndex]!.externalId;
    if (plan.paid) {
      txItems.push({ externalId: `DEMO-TX-${i}-in`, accountExternalId: extId, kind: i % 2 ? 'transfer_in' : 'deposit', amount: plan.paid, currency: 'EUR', bookedOn: dateOf(claimedAgo - 4) });
    }
    txItems.push({ externalId: `DEMO-TX-${i}-fee`, accountExternalId: extId, kind: 'withdrawal', amount: 250 + i * 10, currency: 'EUR', bookedOn: dateOf(claimedAgo - 6) });
    txItems.push({ externalId: `DEMO-TX-${i}-small`, accountExternalId: extId, kind: 'deposit', amount: 5_000 + i * 100, currency: 'EUR', bookedOn: dateOf(claimedAgo + 20) });
    const id = uuidv7();
    const claimedAt = at(claimedAgo);
    outcomeRows.push({
      tenantId, id, interactionId: meeting.id, kind: plan.kind, contactId: client.id, amount: plan.amount?.toFixed(2) ?? null, currency: plan.amount ? 'EUR' : null,
      targetAccountId: plan.kind === 'account_opened' || plan.kind.startsWith('assets') ? accountIds[accountIndex]! : null, ibType: plan.ibType ?? null,
      expectedFee: plan.kind === 'ib_engagement' ? '180000.00' : null, claimedBy: client.ctx.principal.userId, claimedAt, ownerId: meeting.ownerId, teamId: meeting.teamId,
      campaignId: i % 4 === 3 ? campaign.id : null,
    });
    decisionRows.push({ tenantId, id: uuidv7(), outcomeId: id, seq: 1, status: 'claimed', decidedBy: client.ctx.principal.userId, decidedAt: claimedAt });
    if (plan.status === 'claimed') continue;
    const decidedAt = at(Math.max(1, claimedAgo - 10));
    const decide = (seq: number, status: OutcomeStatus, extra: Partial<typeof outcomeDecisions.$inferInsert> = {}) => {
      const d = { tenantId, id: uuidv7(), outcomeId: id, seq, status, decidedBy: status === 'lapsed' ? null : controllerId, decidedAt, ...extra };
      decisionRows.push(d);
      return d.id;
    };
    if (plan.status === 'lapsed') { decide(2, 'lapsed', { reason: 'Pledge not converted within 90 days' }); continue; }
    if (plan.status === 'rejected') { decide(2, 'rejected', { reason: 'No matching deposit on the client\'s accounts' }); continue; }
    const first = plan.corrected ? decide(2, 'rejected', { reason: 'Deposit not found (booked under another reference)' }) : null;
    const decisionId = decide(first ? 3 : 2, plan.status, {
      amountVerified: plan.paid ? plan.paid.toFixed(2) : null, correctsId: first, evidence: plan.paid ? 'Custodian statement' : 'Account opening form',
    });
    if (plan.paid) txIds.set(`DEMO-TX-${i}-in`, decisionId);
  }
  const loaded = await loadTransactions(admin, txItems, 'atomic');
  txItems.forEach((t, k) => {
    const decisionId = txIds.get(t.externalId);
    if (decisionId) linkRows.push({ tenantId, decisionId, transactionId: loaded.results[k]!.id! });
  });
  await database.withTenant(tenantId, async (tx) => {
    await tx.insert(outcomes).values(outcomeRows);
    await tx.insert(outcomeDecisions).values(decisionRows);
    if (linkRows.length) await tx.insert(decisionTransactions).values(linkRows);
    await appendAudit(tx, tenantId, admin.actor, [{ action: 'seed.outcomes_loaded', entity: 'tenant', entityId: tenantId, changes: { outcomes: { after: outcomeRows.length }, decisions: { after: decisionRows.length } } }]);
  });

  // A pipeline per rep through the deals service (audited like any write): won deals closed after the
  // client's campaign touch count as revenue in campaign ROI; open ones expect to close; one is lost.
  const dealStagesInTurn = ['won', 'proposal', 'negotiation', 'lost', 'qualified', 'won'] as const;
  let deals = 0;
  for (const [i, client] of clients.entries()) {
    const stage = dealStagesInTurn[i % dealStagesInTurn.length]!;
    const touch = i % 5 === 4 ? 50 : campaigns[i % campaigns.length]!.ago;
    const closed = stage === 'won' || stage === 'lost';
    await createDeal(client.ctx, {
      name: `${['Portfolio mandate', 'Pension transfer', 'Trust set-up', 'Structured notes', 'Family office advisory', 'Private markets allocation'][i % 6]} ${i + 1}`,
      contactId: client.id,
      stage,
      amount: 40_000 + i * 15_000,
      currency: 'EUR',
      expectedCloseOn: closed ? null : dateOf(-20 - i * 9),
      ...(closed ? { closedAt: iso(Math.max(2, touch - 12)) } : {}),
      ...(stage === 'lost' ? { lostReason: 'Chose to stay with their private bank' } : {}),
    });
    deals++;
  }
  return { campaigns: campaigns.length + 2, accounts: accountIds.length, transactions: loaded.created, outcomes: outcomeRows.length, deals };
}
