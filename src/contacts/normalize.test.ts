// Pure tests of the correction applied on every write path and the reference tables behind it.
import { describe, expect, it } from 'vitest';
import {
  isValidEmail, nameCase, normalizeAddresses, normalizeCountry, normalizeDate, normalizeEmail, normalizePhones, normalizeRegion,
} from './normalize.ts';
import { alpha3, countryCode } from '../reference/countries.ts';
import { subdivisionCode, subdivisionCountries, subdivisionsOf } from '../reference/subdivisions.ts';
import { checkPostalCode } from '../reference/postal-codes.ts';
import { isFreeMail } from '../reference/free-mail.ts';
import { primaryTimeZone } from '../reference/time-zones.ts';

describe('phones', () => {
  // [typed, country of the record, expected E.164]; the typed text is always kept.
  const cases: Array<[string, string | null, string]> = [
    ['(212) 555-0123', 'US', '+12125550123'],
    ['020 7946 0000', 'GB', '+442079460000'],
    ['030 23125 000', 'DE', '+493023125000'],
    ['01 99 00 12 34', 'FR', '+33199001234'],
    ['098765 43210', 'IN', '+919876543210'],
    ['0300 1234567', 'PK', '+923001234567'],
    ['067 123 4567', 'UA', '+380671234567'],
    ['(02) 9374 4000', 'AU', '+61293744000'],
    ['(11) 98765-4321', 'BR', '+5511987654321'],
    ['03-1234-5678', 'JP', '+81312345678'],
    ['55 1234 5678', 'MX', '+525512345678'],
    ['+39 06 6982 1234', null, '+390669821234'],
    ['0049 30 23125000', 'GB', '+493023125000'],
  ];
  it.each(cases)('%s (%s) -> %s', (typed, country, e164) => {
    const [p] = normalizePhones([{ number: typed }], country);
    expect(p).toMatchObject({ number: typed, e164, primary: true });
  });

  it('keeps a number it cannot read, with no E.164, and ignores a country that is no ISO code', () => {
    expect(normalizePhones([{ number: '12345' }], 'US')[0]).toMatchObject({ number: '12345', e164: null });
    expect(normalizePhones([{ number: '020 7946 0000' }], 'Narnia')[0]).toMatchObject({ e164: null });
  });
});

describe('names', () => {
  const recased: Array<[string, string]> = [
    ['MCDONALD', 'McDonald'], ['mcdonald', 'McDonald'], ['MACLEOD', 'MacLeod'], ["O'NEIL", "O'Neil"], ["o'neil", "O'Neil"],
    ['VAN DER BERG', 'van der Berg'], ['de la cruz', 'de la Cruz'], ["D'ARTAGNAN", "d'Artagnan"], ['SMITH-JONES', 'Smith-Jones'],
    ['jean-pierre', 'Jean-Pierre'], ['JOHN SMITH III', 'John Smith III'], ['MARTIN LUTHER KING JR.', 'Martin Luther King Jr.'],
    ['VON', 'Von'], ['MACHADO', 'Machado'], ['MACKIE', 'Mackie'], ['ÉMILE ZOLA', 'Émile Zola'], ['garcía y lópez', 'García y López'],
    ['VI', 'Vi'], ['XI', 'Xi'], ['III', 'III'], ['jr.', 'Jr.'], ['DR.', 'Dr.'], ['MRS', 'Mrs'], ['ludwig van beethoven', 'Ludwig van Beethoven'],
  ];
  it.each(recased)('%s -> %s', (typed, expected) => expect(nameCase(typed)).toBe(expected));

  it('leaves mixed case alone, however unusual', () => {
    for (const n of ['McDonald', 'deVries', 'DeShawn', 'van Gogh', 'Macdonald', "D'Angelo", 'MacArthur', 'iPhone Smith']) expect(nameCase(n)).toBe(n);
  });
  it('leaves scripts without case alone', () => expect(nameCase('王小明')).toBe('王小明'));
});

describe('emails', () => {
  it('normalises and checks syntax', () => {
    expect(normalizeEmail('  <Ada@Example.COM> ')).toBe('ada@example.com');
    expect(normalizeEmail('mailto:Bob@Example.org')).toBe('bob@example.org');
    for (const ok of ['a@b.co', 'first.last+tag@sub.example.co.uk', "o'neil@example.ie"]) expect(isValidEmail(ok)).toBe(true);
    for (const bad of ['plain', 'a@b', 'a@@b.com', 'a b@c.com', 'a@-b.com', '@b.com', 'a@b.c']) expect(isValidEmail(bad)).toBe(false);
  });
  it('knows free-mail providers', () => {
    expect(isFreeMail('gmail.com')).toBe(true);
    expect(isFreeMail('GMX.DE')).toBe(true);
    expect(isFreeMail('acme.com')).toBe(false);
  });
});

describe('countries', () => {
  it('has all 249 ISO 3166-1 codes with distinct alpha-3', () => {
    expect(alpha3.size).toBe(249);
    expect(new Set(alpha3.values()).size).toBe(249);
  });
  const typed: Array<[string, string]> = [
    ['USA', 'US'], ['United States of America', 'US'], ['united states', 'US'], ['U.S.A.', 'US'], ['us', 'US'],
    ['Deutschland', 'DE'], ['Germany', 'DE'], ['DEU', 'DE'], ['UK', 'GB'], ['United Kingdom', 'GB'], ['Great Britain', 'GB'],
    ['England', 'GB'], ['France', 'FR'], ['España', 'ES'], ['Espana', 'ES'], ['Brasil', 'BR'], ['México', 'MX'], ['Italia', 'IT'],
    ['The Netherlands', 'NL'], ['Holland', 'NL'], ['Україна', 'UA'], ['Pakistan', 'PK'], ['India', 'IN'], ["Côte d'Ivoire", 'CI'],
    ['Ivory Coast', 'CI'], ['South Korea', 'KR'], ['Türkiye', 'TR'], ['Turkey', 'TR'], ['jp', 'JP'], ['Japan', 'JP'],
  ];
  it.each(typed)('%s -> %s', (t, code) => expect(countryCode(t)).toBe(code));
  it('keeps what names no country', () => {
    expect(countryCode('Narnia')).toBeNull();
    expect(countryCode('XX')).toBeNull();
    expect(normalizeCountry(' Narnia ')).toBe('Narnia');
  });
});

describe('subdivisions', () => {
  const typed: Array<[string, string, string]> = [
    ['US', 'Texas', 'US-TX'], ['US', 'TX', 'US-TX'], ['US', 'tx', 'US-TX'], ['US', 'US-TX', 'US-TX'], ['US', 'Calif.', 'US-CA'],
    ['US', 'Washington DC', 'US-DC'], ['CA', 'Québec', 'CA-QC'], ['CA', 'ontario', 'CA-ON'], ['AU', 'NSW', 'AU-NSW'],
    ['AU', 'Victoria', 'AU-VIC'], ['GB', 'Scotland', 'GB-SCT'], ['DE', 'Bavaria', 'DE-BY'], ['DE', 'Nordrhein-Westfalen', 'DE-NW'],
    ['DE', 'baden-wurttemberg', 'DE-BW'], ['FR', 'Île-de-France', 'FR-IDF'], ['IN', 'Maharashtra', 'IN-MH'], ['IN', 'Orissa', 'IN-OD'],
    ['PK', 'KPK', 'PK-KP'], ['PK', 'Sindh', 'PK-SD'], ['UA', 'Lviv Oblast', 'UA-46'], ['UA', 'Kyiv', 'UA-30'], ['MX', 'CDMX', 'MX-CMX'],
    ['MX', 'Nuevo León', 'MX-NLE'], ['BR', 'São Paulo', 'BR-SP'], ['BR', 'sao paulo', 'BR-SP'], ['IT', 'Lombardy', 'IT-25'],
    ['IT', 'Milano', 'IT-MI'], ['ES', 'Catalonia', 'ES-CT'], ['ES', 'Madrid', 'ES-MD'], ['NL', 'Noord-Holland', 'NL-NH'],
    ['NL', 'Friesland', 'NL-FR'], ['US', 'State of New York', 'US-NY'],
  ];
  it.each(typed)('%s %s -> %s', (country, t, code) => expect(subdivisionCode(country, t)).toBe(code));
  it('covers the 14 countries, with full US, CA, AU, DE, MX and BR lists', () => {
    expect([...subdivisionCountries].sort()).toEqual(['AU', 'BR', 'CA', 'DE', 'ES', 'FR', 'GB', 'IN', 'IT', 'MX', 'NL', 'PK', 'UA', 'US']);
    expect(subdivisionsOf('US').length).toBe(57);
    expect(subdivisionsOf('CA').length).toBe(13);
    expect(subdivisionsOf('AU').length).toBe(8);
    expect(subdivisionsOf('DE').length).toBe(16);
    expect(subdivisionsOf('MX').length).toBe(32);
    expect(subdivisionsOf('BR').length).toBe(27);
    expect(subdivisionsOf('UA').length).toBe(27);
    expect(subdivisionsOf('IN').length).toBe(36);
  });
  it('keeps an unknown region as typed', () => {
    expect(subdivisionCode('US', 'Gondor')).toBeNull();
    expect(normalizeRegion('US', 'Gondor')).toBe('Gondor');
    expect(normalizeRegion(null, 'Texas')).toBe('Texas');
    expect(normalizeRegion('JP', 'Tokyo')).toBe('Tokyo');
  });
});

describe('postal codes', () => {
  const valid: Array<[string, string, string]> = [
    ['US', '78701', '78701'], ['US', '787011234', '78701-1234'], ['CA', 'k1a0b1', 'K1A 0B1'], ['GB', 'sw1a1aa', 'SW1A 1AA'],
    ['GB', 'EC2V 7HH', 'EC2V 7HH'], ['DE', 'D-10115', '10115'], ['FR', '75008', '75008'], ['NL', '1012ab', '1012 AB'],
    ['AU', '2000', '2000'], ['IN', '110 001', '110001'], ['PK', '44000', '44000'], ['UA', '01001', '01001'], ['MX', '06600', '06600'],
    ['BR', '01310100', '01310-100'], ['JP', '1000001', '100-0001'], ['IT', '00184', '00184'], ['ES', '28013', '28013'],
    ['PL', '00950', '00-950'], ['SE', '11455', '114 55'], ['IE', 'D02X285', 'D02 X285'],
  ];
  it.each(valid)('%s %s -> %s', (country, typed, written) => expect(checkPostalCode(country, typed)).toEqual({ value: written, valid: true }));
  const invalid: Array<[string, string]> = [
    ['US', '7870'], ['CA', '123456'], ['GB', '12345'], ['DE', '1011'], ['NL', '0123 AB'], ['AU', '20000'], ['IN', '011001'],
    ['BR', '1234-567'], ['ES', '60000'], ['JP', '12-345'], ['DE', 'D-1011'],
  ];
  it.each(invalid)('%s %s is kept and flagged invalid', (country, typed) => expect(checkPostalCode(country, typed)).toEqual({ value: typed, valid: false }));
  it('does not judge codes of countries without a known format', () => expect(checkPostalCode('HK', 'anything')).toEqual({ value: 'anything', valid: null }));
});

describe('addresses and dates', () => {
  it('corrects country, region and postal code together', () => {
    const [a] = normalizeAddresses([{ city: ' Austin ', region: 'texas', postalCode: '787011234', country: 'USA' }]);
    expect(a).toMatchObject({ city: 'Austin', region: 'US-TX', postalCode: '78701-1234', country: 'US', primary: true });
    const [b] = normalizeAddresses([{ region: 'Shire', postalCode: 'XYZ', country: 'Middle Earth' }]);
    expect(b).toMatchObject({ region: 'Shire', postalCode: 'XYZ', country: 'Middle Earth' });
  });
  it('reads dates in common forms and refuses days that do not exist', () => {
    expect(normalizeDate('1990-02-28')).toBe('1990-02-28');
    expect(normalizeDate('1990/2/3')).toBe('1990-02-03');
    expect(normalizeDate('19900203')).toBe('1990-02-03');
    expect(normalizeDate('03.02.1990')).toBe('1990-02-03');
    expect(normalizeDate('02/03/1990', { monthFirst: true })).toBe('1990-02-03');
    expect(normalizeDate('1990-02-30')).toBeNull();
    expect(normalizeDate('31/31/1990')).toBeNull();
    expect(normalizeDate('yesterday')).toBeNull();
  });
});

describe('time zones', () => {
  it('gives a primary zone per country, less sure where there are several', () => {
    expect(primaryTimeZone('DE')).toEqual({ zone: 'Europe/Berlin', confidence: 0.6 });
    expect(primaryTimeZone('IN')).toEqual({ zone: 'Asia/Kolkata', confidence: 0.9 });
    expect(primaryTimeZone('FR')).toEqual({ zone: 'Europe/Paris', confidence: 0.9 });
    expect(primaryTimeZone('US')?.zone).toBe('America/New_York');
    expect(primaryTimeZone('US')?.confidence).toBe(0.6);
    expect(primaryTimeZone('ZZ')).toBeNull();
  });
});

describe('a raw import row', () => {
  it('is corrected field by field and reports what it could not correct, keeping it', async () => {
    const { correctContactRow } = await import('./correct-row.ts');
    const { values, issues, completeness } = correctContactRow({
      givenName: 'JOHN', familyName: "o'neil",
      emails: [{ address: ' John@Example.COM ' }, { address: 'john@nowhere' }],
      phones: [{ number: '(512) 555-0100' }, { number: '999' }],
      addresses: [{ city: 'Austin', region: 'Texas', postalCode: '7870', country: 'United States of America' }],
      birthDate: '31.02.1980',
    });
    expect(values).toMatchObject({ givenName: 'John', familyName: "O'Neil", birthDate: null });
    expect(values.emails.map((e) => e.address)).toEqual(['john@example.com', 'john@nowhere']);
    expect(values.phones[0]!.e164).toBe('+15125550100');
    expect(values.addresses[0]).toMatchObject({ country: 'US', region: 'US-TX', postalCode: '7870' });
    expect(issues.map((i) => [i.code, i.field])).toEqual([
      ['email_invalid', 'emails.1.address'], ['phone_invalid', 'phones.1.number'], ['postal_code_invalid', 'addresses.0.postalCode'],
      ['birth_date_invalid', 'birthDate'],
    ]);
    expect(issues.at(-1)!.message).toContain('31.02.1980');
    // given 15 + family 20 + email 20 + phone 15 + address 15 (country and city) = 85
    expect(completeness).toBe(85);
  });
});
