// Shapes stored in the contact and company JSON columns, shared with the API schemas.
export interface EmailAddress {
  address: string;
  type: string;
  primary: boolean;
}

export interface PhoneNumber {
  number: string;
  e164: string | null;
  type: string;
  primary: boolean;
}

export interface PostalAddress {
  type: string;
  line1: string | null;
  line2: string | null;
  city: string | null;
  region: string | null;
  postalCode: string | null;
  country: string | null;
  primary: boolean;
}

export interface ChannelConsent {
  status: 'granted' | 'denied' | 'unknown';
  at: string | null;
  source: string | null;
}

export interface ContractDocument {
  name: string;
  url: string | null;
  signedOn: string | null;
}

export interface AccountNumber {
  system: string;
  number: string;
}
