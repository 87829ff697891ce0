// ISO 3166-2 subdivisions for the countries most of our tenants' clients live in, and
// subdivisionCode(), which reads "Texas", "TX", "tx", "US-TX" or "Bavaria" into the ISO code.
// Each entry is CODE:Name|alias|alias; the first name is the ISO one. GB lists its four nations
// and a few large council areas, IT its regions and large provinces (ISO also lists every county
// and province, which people rarely type in an address).
import { lookupKey } from './fold.ts';

const table: Record<string, string> = {
  US: `AL:Alabama|Ala;AK:Alaska;AZ:Arizona|Ariz;AR:Arkansas|Ark;CA:California|Calif|Cal;CO:Colorado|Colo;CT:Connecticut|Conn;
DE:Delaware|Del;FL:Florida|Fla;GA:Georgia;HI:Hawaii;ID:Idaho;IL:Illinois|Ill;IN:Indiana|Ind;IA:Iowa;KS:Kansas|Kan;KY:Kentucky|Ky;
LA:Louisiana;ME:Maine;MD:Maryland|Md;MA:Massachusetts|Mass;MI:Michigan|Mich;MN:Minnesota|Minn;MS:Mississippi|Miss;MO:Missouri;
MT:Montana|Mont;NE:Nebraska|Neb;NV:Nevada|Nev;NH:New Hampshire;NJ:New Jersey;NM:New Mexico;NY:New York|NY State;NC:North Carolina;
ND:North Dakota;OH:Ohio;OK:Oklahoma|Okla;OR:Oregon|Ore;PA:Pennsylvania|Penn|Penna;RI:Rhode Island;SC:South Carolina;SD:South Dakota;
TN:Tennessee|Tenn;TX:Texas|Tex;UT:Utah;VT:Vermont;VA:Virginia;WA:Washington|Wash|Washington State;WV:West Virginia;WI:Wisconsin|Wis;
WY:Wyoming;DC:District of Columbia|Washington DC|Washington D.C.;AS:American Samoa;GU:Guam;MP:Northern Mariana Islands;
PR:Puerto Rico;UM:United States Minor Outlying Islands;VI:Virgin Islands|U.S. Virgin Islands|US Virgin Islands`,
  CA: `AB:Alberta|Alta;BC:British Columbia|Colombie-Britannique;MB:Manitoba;NB:New Brunswick|Nouveau-Brunswick;
NL:Newfoundland and Labrador|Newfoundland|Terre-Neuve-et-Labrador|NF;NS:Nova Scotia|Nouvelle-Écosse;NT:Northwest Territories|Territoires du Nord-Ouest;
NU:Nunavut;ON:Ontario|Ont;PE:Prince Edward Island|PEI|Île-du-Prince-Édouard;QC:Quebec|Québec|PQ|Que;SK:Saskatchewan|Sask;YT:Yukon|Yukon Territory`,
  AU: `ACT:Australian Capital Territory;NSW:New South Wales;NT:Northern Territory;QLD:Queensland;SA:South Australia;TAS:Tasmania;
VIC:Victoria;WA:Western Australia`,
  GB: `ENG:England;SCT:Scotland|Alba;WLS:Wales|Cymru;NIR:Northern Ireland;LND:City of London;MAN:Manchester;BIR:Birmingham;
EDH:Edinburgh|City of Edinburgh;GLG:Glasgow|Glasgow City;LIV:Liverpool;LDS:Leeds;BST:Bristol|City of Bristol;KEN:Kent;SRY:Surrey;
CAM:Cambridgeshire;OXF:Oxfordshire;CRF:Cardiff;BFS:Belfast`,
  DE: `BW:Baden-Württemberg;BY:Bayern|Bavaria;BE:Berlin;BB:Brandenburg;HB:Bremen;HH:Hamburg;HE:Hessen|Hesse;
MV:Mecklenburg-Vorpommern|Mecklenburg-Western Pomerania;NI:Niedersachsen|Lower Saxony;NW:Nordrhein-Westfalen|North Rhine-Westphalia|NRW;
RP:Rheinland-Pfalz|Rhineland-Palatinate;SL:Saarland;SN:Sachsen|Saxony;ST:Sachsen-Anhalt|Saxony-Anhalt;SH:Schleswig-Holstein;TH:Thüringen|Thuringia`,
  FR: `ARA:Auvergne-Rhône-Alpes;BFC:Bourgogne-Franche-Comté;BRE:Bretagne|Brittany;CVL:Centre-Val de Loire|Centre;20R:Corse|Corsica;
GES:Grand Est;HDF:Hauts-de-France;IDF:Île-de-France|Ile de France|Paris Region;NOR:Normandie|Normandy;NAQ:Nouvelle-Aquitaine;
OCC:Occitanie|Occitania;PDL:Pays de la Loire;PAC:Provence-Alpes-Côte d'Azur|PACA|Région Sud;971:Guadeloupe;972:Martinique;
973:Guyane|French Guiana;974:La Réunion|Réunion;976:Mayotte`,
  IN: `AN:Andaman and Nicobar Islands;AP:Andhra Pradesh;AR:Arunachal Pradesh;AS:Assam;BR:Bihar;CH:Chandigarh;CG:Chhattisgarh|CT;
DH:Dadra and Nagar Haveli and Daman and Diu;DL:Delhi|NCT of Delhi|New Delhi;GA:Goa;GJ:Gujarat;HR:Haryana;HP:Himachal Pradesh;
JK:Jammu and Kashmir;JH:Jharkhand;KA:Karnataka;KL:Kerala;LA:Ladakh;LD:Lakshadweep;MP:Madhya Pradesh;MH:Maharashtra;MN:Manipur;
ML:Meghalaya;MZ:Mizoram;NL:Nagaland;OD:Odisha|Orissa|OR;PY:Puducherry|Pondicherry;PB:Punjab;RJ:Rajasthan;SK:Sikkim;TN:Tamil Nadu;
TS:Telangana|TG;TR:Tripura;UP:Uttar Pradesh;UK:Uttarakhand|Uttaranchal|UT;WB:West Bengal`,
  PK: `BA:Balochistan|Baluchistan;GB:Gilgit-Baltistan;IS:Islamabad|Islamabad Capital Territory|ICT;JK:Azad Jammu and Kashmir|Azad Kashmir|AJK;
KP:Khyber Pakhtunkhwa|KPK|NWFP;PB:Punjab;SD:Sindh`,
  UA: `05:Vinnytska oblast|Vinnytsia|Vinnytska;07:Volynska oblast|Volyn|Volynska;09:Luhanska oblast|Luhansk|Luhanska;
12:Dnipropetrovska oblast|Dnipropetrovsk|Dnipropetrovska|Dnipro;14:Donetska oblast|Donetsk|Donetska;18:Zhytomyrska oblast|Zhytomyr|Zhytomyrska;
21:Zakarpatska oblast|Zakarpattia|Zakarpatska|Transcarpathia;23:Zaporizka oblast|Zaporizhzhia|Zaporizka;
26:Ivano-Frankivska oblast|Ivano-Frankivsk|Ivano-Frankivska;30:Kyiv|Kiev|Kyiv City|Київ;32:Kyivska oblast|Kyiv Oblast|Kyivska;
35:Kirovohradska oblast|Kirovohrad|Kirovohradska|Kropyvnytskyi;40:Sevastopol;43:Avtonomna Respublika Krym|Crimea|Krym;
46:Lvivska oblast|Lviv|Lvivska|Львів;48:Mykolaivska oblast|Mykolaiv|Mykolaivska;51:Odeska oblast|Odesa|Odessa|Odeska;
53:Poltavska oblast|Poltava|Poltavska;56:Rivnenska oblast|Rivne|Rivnenska;59:Sumska oblast|Sumy|Sumska;61:Ternopilska oblast|Ternopil|Ternopilska;
63:Kharkivska oblast|Kharkiv|Kharkivska|Харків;65:Khersonska oblast|Kherson|Khersonska;68:Khmelnytska oblast|Khmelnytskyi|Khmelnytska;
71:Cherkaska oblast|Cherkasy|Cherkaska;74:Chernihivska oblast|Chernihiv|Chernihivska;77:Chernivetska oblast|Chernivtsi|Chernivetska`,
  MX: `AGU:Aguascalientes|AGS;BCN:Baja California|BC;BCS:Baja California Sur;CAM:Campeche;CHP:Chiapas;CHH:Chihuahua;
CMX:Ciudad de México|Mexico City|CDMX|Distrito Federal|DF;COA:Coahuila|Coahuila de Zaragoza;COL:Colima;DUR:Durango;GUA:Guanajuato;
GRO:Guerrero;HID:Hidalgo;JAL:Jalisco;MEX:México|Estado de México|State of Mexico|Edomex;MIC:Michoacán|Michoacán de Ocampo;MOR:Morelos;
NAY:Nayarit;NLE:Nuevo León|NL;OAX:Oaxaca;PUE:Puebla;QUE:Querétaro|QRO;ROO:Quintana Roo;SLP:San Luis Potosí;SIN:Sinaloa;SON:Sonora;
TAB:Tabasco;TAM:Tamaulipas;TLA:Tlaxcala;VER:Veracruz|Veracruz de Ignacio de la Llave;YUC:Yucatán;ZAC:Zacatecas`,
  BR: `AC:Acre;AL:Alagoas;AP:Amapá;AM:Amazonas;BA:Bahia;CE:Ceará;DF:Distrito Federal;ES:Espírito Santo;GO:Goiás;MA:Maranhão;
MT:Mato Grosso;MS:Mato Grosso do Sul;MG:Minas Gerais;PA:Pará;PB:Paraíba;PR:Paraná;PE:Pernambuco;PI:Piauí;RJ:Rio de Janeiro;
RN:Rio Grande do Norte;RS:Rio Grande do Sul;RO:Rondônia;RR:Roraima;SC:Santa Catarina;SP:São Paulo;SE:Sergipe;TO:Tocantins`,
  IT: `21:Piemonte|Piedmont;23:Valle d'Aosta|Aosta Valley;25:Lombardia|Lombardy;32:Trentino-Alto Adige|Trentino-South Tyrol;34:Veneto;
36:Friuli-Venezia Giulia;42:Liguria;45:Emilia-Romagna;52:Toscana|Tuscany;55:Umbria;57:Marche;62:Lazio;65:Abruzzo;67:Molise;
72:Campania;75:Puglia|Apulia;77:Basilicata;78:Calabria;82:Sicilia|Sicily;88:Sardegna|Sardinia;MI:Milano|Milan;RM:Roma|Rome;
NA:Napoli|Naples;TO:Torino|Turin;FI:Firenze|Florence;BO:Bologna;VE:Venezia|Venice;GE:Genova|Genoa;PA:Palermo;BA:Bari`,
  ES: `AN:Andalucía|Andalusia;AR:Aragón|Aragon;AS:Asturias|Principado de Asturias;CN:Canarias|Canary Islands;CB:Cantabria;
CL:Castilla y León|Castile and León;CM:Castilla-La Mancha|Castile-La Mancha;CT:Cataluña|Catalunya|Catalonia;EX:Extremadura;GA:Galicia;
IB:Illes Balears|Islas Baleares|Balearic Islands;RI:La Rioja;MD:Comunidad de Madrid|Madrid;MC:Región de Murcia|Murcia;NC:Navarra|Navarre;
PV:País Vasco|Euskadi|Basque Country;VC:Comunitat Valenciana|Comunidad Valenciana|Valencian Community;CE:Ceuta;ML:Melilla;B:Barcelona`,
  NL: `DR:Drenthe;FL:Flevoland;FR:Fryslân|Friesland;GE:Gelderland;GR:Groningen;LI:Limburg;NB:Noord-Brabant|North Brabant|Brabant;
NH:Noord-Holland|North Holland;OV:Overijssel;UT:Utrecht;ZE:Zeeland;ZH:Zuid-Holland|South Holland`,
};

export interface Subdivision { code: string; name: string }

const parsed = new Map<string, { list: Subdivision[]; byKey: Map<string, string> }>();
for (const [country, spec] of Object.entries(table)) {
  const list: Subdivision[] = [];
  const byKey = new Map<string, string>();
  for (const entry of spec.replace(/\n/g, '').split(';')) {
    const [local, names] = entry.split(':') as [string, string];
    const code = `${country}-${local}`;
    const all = names.split('|');
    list.push({ code, name: all[0]! });
    byKey.set(lookupKey(local), code);
    // Names never override a code: "OR" is Odisha's old code in India, not a name.
    for (const n of all) if (!byKey.has(lookupKey(n))) byKey.set(lookupKey(n), code);
  }
  parsed.set(country, { list, byKey });
}

/** Countries whose subdivisions we know, so an unknown region there is a quality issue. */
export const subdivisionCountries: readonly string[] = [...parsed.keys()];

export const subdivisionsOf = (country: string): readonly Subdivision[] => parsed.get(country)?.list ?? [];

// Words people add around a subdivision's name that are not part of it.
const generic = /\b(state|province|provincia|oblast|region|county|land|bundesland|estado|departement)( of| de)?\b/g;

/**
 * "Texas", "TX", "tx", "US-TX" (country US) -> "US-TX"; null when the country has no table or the
 * value is not one of its subdivisions.
 */
export function subdivisionCode(country: string | null | undefined, input: string | null | undefined): string | null {
  if (!country || !input) return null;
  const entry = parsed.get(country);
  if (!entry) return null;
  let key = lookupKey(input);
  const prefix = `${lookupKey(country)} `;
  if (key.startsWith(prefix) && entry.byKey.has(key.slice(prefix.length)) && /^[A-Za-z]{2}[-\s]/.test(input.trim())) key = key.slice(prefix.length);
  return entry.byKey.get(key) ?? entry.byKey.get(key.replace(generic, ' ').replace(/\s+/g, ' ').trim()) ?? null;
}

export const isSubdivisionOf = (country: string, code: string): boolean =>
  parsed.get(country)?.list.some((s) => s.code === code) ?? false;
