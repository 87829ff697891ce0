// The back-office areas in real Chromium against the real server with a job worker (the shared e2e
// server has none, so this file starts its own): upload a small CSV import, dry-run and run it to
// the end; the data quality dashboard; a dedupe run and one merge (then undone) in the duplicates
// review; the reports page; a phone-width look. Screenshots go to test-results/areas-*.png.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { buildApp } from '../../src/app.ts';
import { configFrom } from '../../src/config.ts';
import { createDb } from '../../src/db/client.ts';
import { migrate } from '../../src/db/migrate.ts';
import { seedDemo } from '../../src/seed/demo.ts';
import { createWorker, type Worker } from '../../src/platform/jobs/worker.ts';
import { importJobs } from '../../src/imports/jobs.ts';
import { matchingJobs } from '../../src/matching/dedupe.ts';
import { qualityJobs } from '../../src/quality/recompute.ts';
import { root, webStale } from '../../scripts/build.mjs';
import { hasChromium, newPage, openBrowser, phone, screenshot, scriptErrors, signIn, type E2eServer } from './browser.ts';

async function serverWithWorker(): Promise<E2eServer> {
  if (webStale()) execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs'), 'web'], { stdio: 'inherit' });
  const database = await createDb({});
  await migrate(database);
  await seedDemo(database, { sizes: { companies: 10, contacts: 40, duplicates: 3, interactions: 80, notes: 5, tasks: 5 } });
  const app = await buildApp({ database, config: configFrom({ LOGIN_RATE_LIMIT: '1000', LOG_LEVEL: 'warn' }) });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  const worker: Worker = createWorker(database, { ...importJobs, ...matchingJobs, ...qualityJobs }, { pollMs: 200 });
  worker.start();
  return {
    url,
    async close() {
      await worker.stop();
      await app.close();
      await database.close();
    },
  };
}

const csv = [
  'First Name,Last Name,Email,Phone',
  'Grace,Hopper,grace.hopper@example.com,+1 212 555 0134',
  'Alan,Turing,not-an-email,123',
  'Katherine,Johnson,katherine@example.com,',
].join('\n');

describe.skipIf(!hasChromium())('back-office areas in Chromium', () => {
  let server: E2eServer;
  let browser: Browser;

  beforeAll(async () => {
    [server, browser] = await Promise.all([serverWithWorker(), openBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('imports a CSV, shows quality, reviews a duplicate and opens the reports', async () => {
    const page = await newPage(browser, server);
    await signIn(page, undefined, '/imports');
    const nav = page.getByRole('navigation', { name: 'Main navigation' });
    for (const label of ['Imports', 'Data quality', 'Duplicates', 'Verification', 'Reports', 'Campaigns', 'Data sources']) await nav.getByRole('link', { name: label }).waitFor();

    // Import: upload, look at the suggested mapping, dry run, run to the end.
    await page.getByRole('heading', { name: 'Imports', exact: true }).waitFor();
    await page.getByLabel('Source system').fill('e2e-sheet');
    await page.locator('input[type=file]').setInputFiles({ name: 'people.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByRole('button', { name: 'Upload' }).click();
    await page.getByRole('table', { name: 'Column mapping' }).waitFor();
    expect(await page.getByLabel('Field for column Email').inputValue()).toBe('email');
    await page.getByRole('button', { name: 'Dry run' }).click();
    const dry = page.getByRole('table', { name: 'Dry run preview' });
    await dry.waitFor();
    await dry.getByText('Grace Hopper').waitFor();
    await dry.getByText('email_invalid').waitFor();
    await screenshot(page, 'areas-import-dry-run');
    await page.getByRole('button', { name: 'Run import' }).click();
    const counts = page.getByRole('group', { name: 'Import counts' });
    await counts.waitFor({ timeout: 20_000 });
    await page.getByText('Import: Done').waitFor();
    expect(await counts.getByText('New').locator('xpath=following-sibling::*[1]').textContent()).toBe('3');
    await screenshot(page, 'areas-import-done');
    const created = await page.request.get('/api/v1/contacts?filter[email][eq]=grace.hopper@example.com&fields=id,displayName');
    expect(((await created.json()) as { data: { displayName: string }[] }).data.map((c) => c.displayName)).toEqual(['Grace Hopper']);

    // Data quality: the dashboard, and the records behind an issue.
    await nav.getByRole('link', { name: 'Data quality' }).click();
    await page.getByRole('heading', { name: 'Data quality', exact: true }).waitFor();
    await page.getByText('Valid emails').waitFor();
    await page.getByRole('button', { name: /^Show email invalid$/i }).click();
    await page.getByRole('list', { name: /Records with email invalid/i }).getByRole('link', { name: 'Alan Turing' }).waitFor();
    await screenshot(page, 'areas-quality');

    // Duplicates: run the search, merge the first pair, undo the merge.
    await nav.getByRole('link', { name: 'Duplicates' }).click();
    await page.getByRole('button', { name: 'Find duplicate contacts' }).click();
    await page.getByText('Duplicate search: Done').waitFor({ timeout: 20_000 });
    await page.getByRole('list', { name: 'Match weight by field' }).waitFor();
    await screenshot(page, 'areas-duplicates');
    await page.getByRole('button', { name: 'Merge', exact: true }).click();
    await page.getByRole('status').getByText('Merged').waitFor();
    await page.getByRole('button', { name: 'Undo merge' }).click();
    await page.getByText('Merge undone').waitFor();

    // Reports: the activity tab renders the API's rows.
    await nav.getByRole('link', { name: 'Reports' }).click();
    await page.getByRole('table', { name: 'Interactions by rep and kind' }).waitFor();
    await page.getByRole('tab', { name: 'Outcomes' }).click();
    await page.getByRole('tab', { name: 'Outcomes', selected: true }).waitFor();
    await screenshot(page, 'areas-reports');

    // Data sources: the import's system is listed with what it sent; rank it first and save.
    await nav.getByRole('link', { name: 'Data sources' }).click();
    await page.getByRole('heading', { name: 'Data sources', exact: true }).waitFor();
    await page.getByRole('list', { name: 'Systems not ranked' }).getByRole('listitem', { name: 'e2e-sheet' }).getByText(/3 contacts/).waitFor();
    await page.getByRole('button', { name: 'Rank e2e-sheet' }).click();
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByText('Settings saved.').waitFor();
    await screenshot(page, 'areas-sources');
    const saved = await page.request.get('/api/v1/sources/settings');
    // The demo tenant trusts its core banking system first; the sheet ranks last.
    expect(((await saved.json()) as { trustedSystems: string[] }).trustedSystems).toEqual(['core-banking', 'rapport', 'legacy-crm', 'e2e-sheet']);
    expect(scriptErrors(page)).toEqual([]);
  });

  it('fits a phone: the quality dashboard at 390 px without sideways scrolling', async () => {
    const page = await newPage(browser, server, { viewport: phone });
    await signIn(page, undefined, '/quality');
    await page.getByRole('heading', { name: 'Data quality', exact: true }).waitFor();
    await page.getByText('Valid phones').first().waitFor();
    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(page, 'areas-quality-phone');
    expect(scriptErrors(page)).toEqual([]);
  });
});
