// A country's primary time zone, for enrichment from a phone number. Countries with one zone take
// it from ICU; countries with several name the zone most of their people live in (lower
// confidence, since the phone may belong to anyone in the country).
import { alpha3 } from './countries.ts';

const primary: Record<string, string> = {
  US: 'America/New_York', CA: 'America/Toronto', AU: 'Australia/Sydney', BR: 'America/Sao_Paulo', MX: 'America/Mexico_City',
  RU: 'Europe/Moscow', ID: 'Asia/Jakarta', CN: 'Asia/Shanghai', KZ: 'Asia/Almaty', AR: 'America/Argentina/Buenos_Aires',
  ES: 'Europe/Madrid', PT: 'Europe/Lisbon', DE: 'Europe/Berlin', NZ: 'Pacific/Auckland', CL: 'America/Santiago',
  EC: 'America/Guayaquil', UA: 'Europe/Kyiv', MY: 'Asia/Kuala_Lumpur', MN: 'Asia/Ulaanbaatar', CD: 'Africa/Kinshasa',
  PF: 'Pacific/Tahiti', KI: 'Pacific/Tarawa', FM: 'Pacific/Pohnpei', PG: 'Pacific/Port_Moresby', CY: 'Asia/Nicosia',
  UZ: 'Asia/Tashkent', GL: 'America/Nuuk', DK: 'Europe/Copenhagen', NO: 'Europe/Oslo', PS: 'Asia/Hebron', MH: 'Pacific/Majuro',
  UM: 'Pacific/Wake', AQ: 'Antarctica/McMurdo', EG: 'Africa/Cairo', KR: 'Asia/Seoul', JP: 'Asia/Tokyo', IN: 'Asia/Kolkata',
};

// ICU still answers with some renamed zones; IANA's current names are what clients expect.
const renamed: Record<string, string> = {
  'Asia/Calcutta': 'Asia/Kolkata', 'Asia/Saigon': 'Asia/Ho_Chi_Minh', 'Europe/Kiev': 'Europe/Kyiv', 'Asia/Rangoon': 'Asia/Yangon',
  'Asia/Katmandu': 'Asia/Kathmandu', 'America/Godthab': 'America/Nuuk', 'Atlantic/Faeroe': 'Atlantic/Faroe', 'Pacific/Truk': 'Pacific/Chuuk',
  'Pacific/Ponape': 'Pacific/Pohnpei', 'Asia/Dacca': 'Asia/Dhaka', 'Asia/Thimbu': 'Asia/Thimphu', 'Africa/Asmera': 'Africa/Asmara',
};

// Intl.Locale's zone lookup costs milliseconds per call; enrichment asks it on every write.
const zoneCache = new Map<string, string[]>();

function icuZones(country: string): string[] {
  const known = zoneCache.get(country);
  if (known) return known;
  const zones = lookupZones(country);
  zoneCache.set(country, zones);
  return zones;
}

function lookupZones(country: string): string[] {
  const locale = new Intl.Locale(`und-${country}`) as Intl.Locale & { timeZones?: string[]; getTimeZones?: () => string[] };
  return locale.getTimeZones?.() ?? locale.timeZones ?? [];
}

/** The primary zone of a country and how sure we are it is the person's; null when unknown. */
export function primaryTimeZone(country: string): { zone: string; confidence: number } | null {
  if (!alpha3.has(country)) return null;
  const zones = icuZones(country);
  if (zones.length === 1) return { zone: renamed[zones[0]!] ?? zones[0]!, confidence: 0.9 };
  const main = primary[country];
  return main ? { zone: main, confidence: zones.length <= 1 ? 0.9 : 0.6 } : null;
}
