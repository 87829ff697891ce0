// Addresses and phone numbers by country, written the way people there write them. Phone numbers
// come from the ranges regulators reserve for fiction (US 555-01xx, Ofcom's 496 0xxx, ARCEP's
// fiction blocks...), which libphonenumber still accepts as valid, so demo data never rings anyone.
import type { Random } from './random.ts';

export interface City {
  city: string;
  region: string | null;
  /** Postal code pattern: 9 = digit, A = letter; anything else is kept. */
  postal: string;
}

export interface Country {
  code: string;
  currency: string;
  weight: number;
  cities: readonly City[];
  street(r: Random): string;
  /** A fictional number, typed the local way or in international form. */
  phone(r: Random, k: number): string;
}

const digits = (n: number, width: number) => String(n).padStart(width, '0');

const usAreaCodes = ['201', '202', '203', '206', '212', '213', '214', '215', '217', '301', '303', '305', '310', '312', '313', '314', '317',
  '404', '408', '412', '415', '425', '503', '510', '512', '602', '612', '614', '617', '619', '646', '702', '704', '713', '718', '720', '773', '801', '917'];
const caAreaCodes = ['416', '604', '514', '403', '613', '780', '905', '647'];

function nanp(r: Random, k: number, areas: readonly string[]) {
  const area = areas[k % areas.length]!;
  const line = digits(100 + (Math.floor(k / areas.length) * 37) % 100, 4);
  return r.weighted([[`(${area}) 555-${line}`, 5], [`${area}-555-${line}`, 3], [`+1 ${area} 555 ${line}`, 2]]);
}

const ukBlocks = [['20', '7946 0'], ['161', '496 0'], ['113', '496 0'], ['117', '496 0'], ['121', '496 0'], ['131', '496 0'], ['141', '496 0'], ['151', '496 0']] as const;
const deBlocks = [['30', '23125'], ['69', '90009'], ['40', '66969'], ['89', '99998'], ['221', '4710']] as const;
const frBlocks = ['1 99 00', '2 61 91', '3 53 01', '4 65 71', '5 36 49'] as const;

export const countries: readonly Country[] = [
  {
    code: 'US', currency: 'USD', weight: 34,
    cities: [
      { city: 'New York', region: 'NY', postal: '10099' }, { city: 'Boston', region: 'MA', postal: '02199' },
      { city: 'Chicago', region: 'IL', postal: '60699' }, { city: 'San Francisco', region: 'CA', postal: '94199' },
      { city: 'Austin', region: 'TX', postal: '78799' }, { city: 'Seattle', region: 'WA', postal: '98199' },
      { city: 'Miami', region: 'FL', postal: '33199' }, { city: 'Denver', region: 'CO', postal: '80299' },
      { city: 'Greenwich', region: 'CT', postal: '06899' }, { city: 'Philadelphia', region: 'PA', postal: '19199' },
      { city: 'Atlanta', region: 'GA', postal: '30399' }, { city: 'Minneapolis', region: 'MN', postal: '55499' },
    ],
    street: (r) => `${r.between(1, 9899)} ${r.pick(['Main', 'Oak', 'Maple', 'Park', 'Washington', 'Lake', 'Hill', 'Madison', 'Elm', 'Pine', 'Cedar', 'Lexington'])} ${r.pick(['St', 'Ave', 'Blvd', 'Rd', 'Ln', 'Dr'])}`,
    phone: (r, k) => nanp(r, k, usAreaCodes),
  },
  {
    code: 'GB', currency: 'GBP', weight: 20,
    cities: [
      { city: 'London', region: null, postal: 'SW1A 9AA' }, { city: 'London', region: null, postal: 'EC2V 9AA' },
      { city: 'Manchester', region: null, postal: 'M1 9AA' }, { city: 'Edinburgh', region: 'Scotland', postal: 'EH1 9AA' },
      { city: 'Bristol', region: null, postal: 'BS1 9AA' }, { city: 'Leeds', region: null, postal: 'LS1 9AA' },
      { city: 'Oxford', region: null, postal: 'OX1 9AA' }, { city: 'Glasgow', region: 'Scotland', postal: 'G1 9AA' },
    ],
    street: (r) => `${r.between(1, 240)} ${r.pick(['High Street', 'Station Road', 'Church Lane', 'Victoria Road', 'Kings Road', 'Queen Street', 'Mill Lane', 'The Crescent', 'Park Avenue'])}`,
    phone: (r, k) => {
      const [area, block] = ukBlocks[k % ukBlocks.length]!;
      const sub = digits((Math.floor(k / ukBlocks.length) * 7) % 1000, 3);
      return r.chance(0.6) ? `0${area} ${block}${sub}` : `+44 ${area} ${block}${sub}`;
    },
  },
  {
    code: 'DE', currency: 'EUR', weight: 14,
    cities: [
      { city: 'Berlin', region: 'Berlin', postal: '10999' }, { city: 'München', region: 'Bayern', postal: '80999' },
      { city: 'Hamburg', region: 'Hamburg', postal: '20999' }, { city: 'Frankfurt am Main', region: 'Hessen', postal: '60399' },
      { city: 'Köln', region: 'Nordrhein-Westfalen', postal: '50999' }, { city: 'Düsseldorf', region: 'Nordrhein-Westfalen', postal: '40299' },
      { city: 'Stuttgart', region: 'Baden-Württemberg', postal: '70199' },
    ],
    street: (r) => `${r.pick(['Hauptstraße', 'Schillerstraße', 'Goethestraße', 'Bahnhofstraße', 'Lindenallee', 'Königsallee', 'Am Markt', 'Gartenweg', 'Mühlenweg'])} ${r.between(1, 180)}`,
    phone: (r, k) => {
      const [area, block] = deBlocks[k % deBlocks.length]!;
      const sub = digits((Math.floor(k / deBlocks.length) * 11) % 1000, 3);
      return r.chance(0.6) ? `0${area} ${block} ${sub}` : `+49 ${area} ${block}${sub}`;
    },
  },
  {
    code: 'FR', currency: 'EUR', weight: 12,
    cities: [
      { city: 'Paris', region: 'Île-de-France', postal: '75099' }, { city: 'Lyon', region: 'Auvergne-Rhône-Alpes', postal: '69009' },
      { city: 'Marseille', region: "Provence-Alpes-Côte d'Azur", postal: '13009' }, { city: 'Bordeaux', region: 'Nouvelle-Aquitaine', postal: '33009' },
      { city: 'Nantes', region: 'Pays de la Loire', postal: '44009' }, { city: 'Lille', region: 'Hauts-de-France', postal: '59009' },
    ],
    street: (r) => `${r.between(1, 120)} ${r.pick(['rue de la Paix', 'avenue Victor Hugo', 'boulevard Saint-Germain', 'rue du Faubourg Saint-Honoré', 'place Bellecour', 'rue de Rivoli', 'quai des Chartrons', 'rue Nationale'])}`,
    phone: (r, k) => {
      const block = frBlocks[k % frBlocks.length]!;
      const n = digits((Math.floor(k / frBlocks.length) * 13) % 10_000, 4);
      const sub = `${n.slice(0, 2)} ${n.slice(2)}`;
      return r.chance(0.6) ? `0${block} ${sub}` : `+33 ${block} ${sub}`;
    },
  },
  {
    code: 'CA', currency: 'CAD', weight: 6,
    cities: [
      { city: 'Toronto', region: 'ON', postal: 'M5V 9A9' }, { city: 'Vancouver', region: 'BC', postal: 'V6B 9A9' },
      { city: 'Montréal', region: 'QC', postal: 'H3B 9A9' }, { city: 'Calgary', region: 'AB', postal: 'T2P 9A9' },
    ],
    street: (r) => `${r.between(1, 2999)} ${r.pick(['King St W', 'Bay St', 'Yonge St', 'Granville St', 'rue Sainte-Catherine', 'Bloor St E'])}`,
    phone: (r, k) => nanp(r, k, caAreaCodes),
  },
  {
    code: 'AU', currency: 'AUD', weight: 5,
    cities: [
      { city: 'Sydney', region: 'NSW', postal: '2000' }, { city: 'Melbourne', region: 'VIC', postal: '3000' },
      { city: 'Brisbane', region: 'QLD', postal: '4000' }, { city: 'Perth', region: 'WA', postal: '6000' },
    ],
    street: (r) => `${r.between(1, 400)} ${r.pick(['George St', 'Collins St', 'Queen St', 'Pitt St', 'Bourke St', 'St Georges Tce'])}`,
    phone: (r, k) => {
      const n = digits((k * 17) % 10_000, 4);
      return r.chance(0.5) ? `(02) 5550 ${n}` : `+61 3 7010 ${n}`;
    },
  },
];

/** A postal code from its pattern: 9 becomes a digit, A a capital letter. */
export function postalCode(r: Random, pattern: string): string {
  return pattern.replace(/[9A]/g, (c) => (c === '9' ? String(r.int(10)) : String.fromCharCode(65 + r.int(26))));
}

export function pickCountry(r: Random): Country {
  return r.weighted(countries.map((c) => [c, c.weight] as const));
}

export const countryByCode = (code: string): Country => countries.find((c) => c.code === code) ?? countries[0]!;
