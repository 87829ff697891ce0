// The campaigns API's shapes (src/campaigns/schemas.ts).
export const campaignTypes = ['programme', 'sponsorship', 'event', 'advertising', 'email', 'direct_mail', 'referral_programme'] as const;
export type CampaignType = (typeof campaignTypes)[number];
export const typeLabels: Record<CampaignType, string> = {
  programme: 'Programme', sponsorship: 'Sponsorship', event: 'Event', advertising: 'Advertising', email: 'Email', direct_mail: 'Direct mail', referral_programme: 'Referral programme',
};

export interface Campaign {
  id: string; name: string; type: CampaignType; parentId: string | null; description: string | null; startsOn: string | null; endsOn: string | null;
  budget: number | null; currency: string | null; attributionWindowDays: number; costs: { currency: string; total: number }[];
  ownerId: string | null; teamId: string | null; createdBy: string | null; createdAt: string; updatedAt: string; version: number;
}

export interface Cost {
  id: string; campaignId: string; description: string; amount: number; currency: string; incurredOn: string | null; createdBy: string | null; createdAt: string;
}
