// ISO 3166-1: every officially assigned alpha-2 code with its alpha-3, and countryCode(), which
// reads what people type ("USA", "United States of America", "Deutschland", "UK", "deu") into
// the alpha-2 code. Names come from ICU (Intl.DisplayNames) in the languages our users write in,
// so the table holds codes only; common variants ICU does not know are listed below.
import { lookupKey } from './fold.ts';

const pairs = `
AD AND AE ARE AF AFG AG ATG AI AIA AL ALB AM ARM AO AGO AQ ATA AR ARG AS ASM AT AUT AU AUS AW ABW AX ALA AZ AZE
BA BIH BB BRB BD BGD BE BEL BF BFA BG BGR BH BHR BI BDI BJ BEN BL BLM BM BMU BN BRN BO BOL BQ BES BR BRA BS BHS
BT BTN BV BVT BW BWA BY BLR BZ BLZ CA CAN CC CCK CD COD CF CAF CG COG CH CHE CI CIV CK COK CL CHL CM CMR CN CHN
CO COL CR CRI CU CUB CV CPV CW CUW CX CXR CY CYP CZ CZE DE DEU DJ DJI DK DNK DM DMA DO DOM DZ DZA EC ECU EE EST
EG EGY EH ESH ER ERI ES ESP ET ETH FI FIN FJ FJI FK FLK FM FSM FO FRO FR FRA GA GAB GB GBR GD GRD GE GEO GF GUF
GG GGY GH GHA GI GIB GL GRL GM GMB GN GIN GP GLP GQ GNQ GR GRC GS SGS GT GTM GU GUM GW GNB GY GUY HK HKG HM HMD
HN HND HR HRV HT HTI HU HUN ID IDN IE IRL IL ISR IM IMN IN IND IO IOT IQ IRQ IR IRN IS ISL IT ITA JE JEY JM JAM
JO JOR JP JPN KE KEN KG KGZ KH KHM KI KIR KM COM KN KNA KP PRK KR KOR KW KWT KY CYM KZ KAZ LA LAO LB LBN LC LCA
LI LIE LK LKA LR LBR LS LSO LT LTU LU LUX LV LVA LY LBY MA MAR MC MCO MD MDA ME MNE MF MAF MG MDG MH MHL MK MKD
ML MLI MM MMR MN MNG MO MAC MP MNP MQ MTQ MR MRT MS MSR MT MLT MU MUS MV MDV MW MWI MX MEX MY MYS MZ MOZ NA NAM
NC NCL NE NER NF NFK NG NGA NI NIC NL NLD NO NOR NP NPL NR NRU NU NIU NZ NZL OM OMN PA PAN PE PER PF PYF PG PNG
PH PHL PK PAK PL POL PM SPM PN PCN PR PRI PS PSE PT PRT PW PLW PY PRY QA QAT RE REU RO ROU RS SRB RU RUS RW RWA
SA SAU SB SLB SC SYC SD SDN SE SWE SG SGP SH SHN SI SVN SJ SJM SK SVK SL SLE SM SMR SN SEN SO SOM SR SUR SS SSD
ST STP SV SLV SX SXM SY SYR SZ SWZ TC TCA TD TCD TF ATF TG TGO TH THA TJ TJK TK TKL TL TLS TM TKM TN TUN TO TON
TR TUR TT TTO TV TUV TW TWN TZ TZA UA UKR UG UGA UM UMI US USA UY URY UZ UZB VA VAT VC VCT VE VEN VG VGB VI VIR
VN VNM VU VUT WF WLF WS WSM YE YEM YT MYT ZA ZAF ZM ZMB ZW ZWE`.trim().split(/\s+/);

/** alpha-2 -> alpha-3 for all 249 assigned ISO 3166-1 codes. */
export const alpha3: ReadonlyMap<string, string> = new Map(
  Array.from({ length: pairs.length / 2 }, (_, i) => [pairs[2 * i]!, pairs[2 * i + 1]!] as const),
);
export const countryCodes: readonly string[] = [...alpha3.keys()];

// Variants people type that ICU's display names do not cover. Keys are lookupKey() forms.
const variants: Record<string, string> = {
  usa: 'US', 'u s': 'US', 'u s a': 'US', us: 'US', america: 'US', 'united states of america': 'US', 'the united states': 'US',
  uk: 'GB', 'u k': 'GB', 'great britain': 'GB', britain: 'GB', england: 'GB', scotland: 'GB', wales: 'GB', 'northern ireland': 'GB',
  'united kingdom of great britain and northern ireland': 'GB', gbr: 'GB',
  holland: 'NL', 'the netherlands': 'NL', russia: 'RU', 'russian federation': 'RU', 'south korea': 'KR', 'republic of korea': 'KR',
  korea: 'KR', 'north korea': 'KP', 'ivory coast': 'CI', 'czech republic': 'CZ', turkey: 'TR', burma: 'MM', swaziland: 'SZ',
  macedonia: 'MK', vatican: 'VA', 'vatican city': 'VA', uae: 'AE', 'viet nam': 'VN', 'republic of ireland': 'IE', eire: 'IE',
  'hong kong sar': 'HK', 'macau': 'MO', 'bosnia': 'BA', 'congo kinshasa': 'CD', 'drc': 'CD', 'congo brazzaville': 'CG',
  'east timor': 'TL', 'cape verde': 'CV', 'the gambia': 'GM', 'the bahamas': 'BS', brasil: 'BR', 'mejico': 'MX',
  'deutschland': 'DE', 'brd': 'DE', 'osterreich': 'AT', 'schweiz': 'CH', 'suisse': 'CH', 'svizzera': 'CH', 'espana': 'ES',
  'italia': 'IT', 'nederland': 'NL', 'ukraina': 'UA', 'ukrayina': 'UA', 'the ukraine': 'UA', 'bharat': 'IN', 'nippon': 'JP', 'nihon': 'JP',
};

// ICU names in the languages the product is used in; each adds its spelling of every country.
const nameLocales = ['en', 'de', 'fr', 'es', 'it', 'nl', 'pt', 'pl', 'uk'];

let index: Map<string, string> | undefined;
function byName(): Map<string, string> {
  if (index) return index;
  index = new Map();
  for (const locale of nameLocales) {
    const names = new Intl.DisplayNames([locale], { type: 'region', fallback: 'none' });
    for (const code of countryCodes) {
      const name = names.of(code);
      if (name && !index.has(lookupKey(name))) index.set(lookupKey(name), code);
    }
  }
  for (const [code, a3] of alpha3) index.set(lookupKey(a3), code);
  for (const [k, code] of Object.entries(variants)) index.set(k, code);
  return index;
}

/** "Deutschland", "deu", "de", "U.S.A." -> the alpha-2 code; null when it is no country we know. */
export function countryCode(input: string | null | undefined): string | null {
  if (!input) return null;
  const t = input.trim();
  if (/^[A-Za-z]{2}$/.test(t)) return alpha3.has(t.toUpperCase()) ? t.toUpperCase() : (variants[t.toLowerCase()] ?? null);
  return byName().get(lookupKey(t).replace(/^the /, '')) ?? byName().get(lookupKey(t)) ?? null;
}

export const isCountryCode = (s: string | null | undefined): s is string => !!s && alpha3.has(s);

/** The English name of a country code (ICU), or the code itself. */
export function countryName(code: string): string {
  return new Intl.DisplayNames(['en'], { type: 'region', fallback: 'code' }).of(code) ?? code;
}
