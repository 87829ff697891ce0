// /api/v1/reference: the reference tables forms pick from (countries, subdivisions), the same
// ones every write corrects against.
import { z } from 'zod';
import type { App } from '../platform/http.ts';
import { problemResponses } from '../platform/openapi.ts';
import { invalid } from '../platform/errors.ts';
import { alpha3, countryCodes, countryName, isCountryCode } from './countries.ts';
import { subdivisionCountries, subdivisionsOf } from './subdivisions.ts';
import { primaryTimeZone } from './time-zones.ts';

const tags = ['reference'];
const countryOut = z.object({
  code: z.string().describe('ISO 3166-1 alpha-2'), alpha3: z.string(), name: z.string(),
  hasSubdivisions: z.boolean().describe('Regions are stored as ISO 3166-2 codes and checked'), timeZone: z.string().nullable(),
});

export default async function referenceRoutes(app: App) {
  app.get('/reference/countries', {
    schema: { tags, summary: 'ISO 3166-1 countries (English names), for pickers', response: { 200: z.object({ data: z.array(countryOut) }), ...problemResponses } },
  }, async () => ({
    data: countryCodes.map((code) => ({
      code, alpha3: alpha3.get(code)!, name: countryName(code), hasSubdivisions: subdivisionCountries.includes(code), timeZone: primaryTimeZone(code)?.zone ?? null,
    })).sort((a, b) => a.name.localeCompare(b.name, 'en')),
  }));

  app.get('/reference/countries/:code/subdivisions', {
    schema: {
      tags, summary: 'ISO 3166-2 subdivisions of a country (empty where Rapport does not check them)',
      params: z.object({ code: z.string().length(2) }),
      response: { 200: z.object({ data: z.array(z.object({ code: z.string(), name: z.string() })) }), ...problemResponses },
    },
  }, async (req) => {
    const code = req.params.code.toUpperCase();
    if (!isCountryCode(code)) throw invalid('code', 'is not an ISO 3166-1 alpha-2 country code');
    return { data: [...subdivisionsOf(code)] };
  });
}
