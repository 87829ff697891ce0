// The list views in real Chromium against the real server: filter and save a view, come back to it
// after a reload; select two rows (keyboard and mouse) and tag them; export the current view as
// CSV and read the download. Screenshots go to test-results/lists-*.png.
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { parse } from 'csv-parse/sync';
import { hasChromium, newPage, openBrowser, screenshot, scriptErrors, signIn, startServer, type E2eServer } from './browser.ts';

interface Contact { id: string; displayName: string; tags: string[]; lifecycleStage: string }

/** The names in the rendered rows, top to bottom. */
const rowNames = (page: Page) => page.getByRole('grid').locator('[role=row] a').allTextContents();

async function filterBy(page: Page, field: string, op: string, value: { select?: string; fill?: string }) {
  await page.getByRole('button', { name: /^Filters/ }).click();
  await page.getByRole('button', { name: 'Add filter' }).click();
  await page.getByLabel('Filter 1 field').selectOption(field);
  await page.getByLabel('Filter 1 operator').selectOption(op);
  if (value.select) await page.getByLabel('Filter 1 value').selectOption(value.select);
  if (value.fill) await page.getByLabel('Filter 1 value').fill(value.fill);
  await page.getByRole('button', { name: 'Apply filters' }).click();
}

async function apiList(page: Page, query: string, limit = 500): Promise<Contact[]> {
  const res = await page.request.get(`/api/v1/contacts?limit=${limit}&${query}`);
  expect(res.status()).toBe(200);
  return ((await res.json()) as { data: Contact[] }).data;
}

describe.skipIf(!hasChromium())('list views in Chromium', () => {
  let server: E2eServer;
  let browser: Browser;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), openBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('filters, saves the view, and shows the same rows after a reload when picked', async () => {
    const page = await newPage(browser, server);
    await signIn(page, undefined, '/contacts');
    await page.getByRole('grid', { name: 'Contacts' }).waitFor();
    await filterBy(page, 'lifecycleStage', 'eq', { select: 'client' });
    const clients = await apiList(page, 'filter[lifecycleStage][eq]=client&sort=displayName');
    expect(clients.length).toBeGreaterThan(1);
    // The grid shows the API's rows in its order (as many as fit on screen).
    await expect.poll(() => rowNames(page).then((n) => n.length)).toBeGreaterThan(0);
    await expect.poll(async () => (await rowNames(page))[0]).toBe(clients[0]!.displayName);
    const before = await rowNames(page);
    expect(before).toEqual(clients.slice(0, before.length).map((c) => c.displayName));
    await screenshot(page, 'lists-filtered');

    await page.getByRole('button', { name: 'Save view as…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Save this view' });
    await dialog.getByRole('textbox', { name: 'Name' }).fill('Clients (e2e)');
    await screenshot(page, 'lists-save-view');
    await dialog.getByRole('button', { name: 'Save view' }).click();
    await page.waitForURL(/\/contacts\?view=[0-9a-f-]{36}$/);
    await page.getByRole('heading', { name: 'Clients (e2e)' }).waitFor();

    // A fresh load of the list starts unfiltered; picking the view brings its rows back.
    await page.goto('/contacts');
    await page.getByRole('grid', { name: 'Contacts' }).waitFor();
    await expect.poll(async () => (await apiList(page, 'sort=displayName'))[0]!.displayName).toBe((await rowNames(page))[0]);
    await page.getByLabel('Saved view').selectOption({ label: 'Clients (e2e) (Mine)' });
    await page.getByRole('heading', { name: 'Clients (e2e)' }).waitFor();
    await expect.poll(() => rowNames(page)).toEqual(before);
    // And a reload of the view's own address shows it too.
    await page.reload();
    await page.getByRole('heading', { name: 'Clients (e2e)' }).waitFor();
    await expect.poll(() => rowNames(page)).toEqual(before);
    await screenshot(page, 'lists-saved-view');
    expect(scriptErrors(page)).toEqual([]);
  });

  it('selects two rows, one by keyboard and one by mouse, and tags them', async () => {
    const page = await newPage(browser, server);
    await signIn(page, undefined, '/contacts');
    const grid = page.getByRole('grid', { name: 'Contacts' });
    await grid.waitFor();
    const [first, second] = await apiList(page, 'sort=displayName', 2);
    await expect.poll(async () => (await rowNames(page))[0]).toBe(first!.displayName);

    // Keyboard: focus the grid, x selects the focused (first) row.
    await grid.focus();
    await page.keyboard.press('x');
    await page.getByRole('checkbox', { name: `Select ${second!.displayName}` }).first().check();
    const bar = page.getByRole('region', { name: 'Bulk actions' });
    await bar.getByText('2 contacts selected').waitFor();
    await bar.getByRole('button', { name: 'Tag', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Add a tag to 2 contacts' });
    await dialog.getByRole('textbox', { name: 'Tag' }).fill('e2e-bulk');
    await screenshot(page, 'lists-bulk-tag');
    await dialog.getByRole('button', { name: 'Apply' }).click();
    await page.getByText('Tagged "e2e-bulk" on 2 contacts').waitFor();

    const tagged = await apiList(page, 'filter[tags][contains]=e2e-bulk');
    expect(tagged.map((c) => c.id).sort()).toEqual([first!.id, second!.id].sort());
    for (const c of tagged) expect(c.tags).toContain('e2e-bulk');
    await expect.poll(() => page.getByRole('grid').getByText('e2e-bulk').count()).toBe(2);
    await screenshot(page, 'lists-tagged');

    // The click on the second row moved the row focus there; arrows move it, Enter opens it.
    await grid.focus();
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.waitForURL(new RegExp(`/contacts/${second!.id}$`));
    expect(scriptErrors(page)).toEqual([]);
  });

  it('exports the current view as CSV', async () => {
    const page = await newPage(browser, server);
    await signIn(page, undefined, '/contacts');
    const probe = await page.request.get('/api/v1/exports/contacts.csv?limit=1');
    if (probe.status() === 404) {
      console.warn('e2e: export check skipped: GET /api/v1/exports/contacts.csv answers 404 (server-side export not built yet)');
      return;
    }
    await page.getByRole('grid', { name: 'Contacts' }).waitFor();
    await filterBy(page, 'lifecycleStage', 'eq', { select: 'client' });
    const clients = await apiList(page, 'filter[lifecycleStage][eq]=client&sort=displayName');
    await expect.poll(async () => (await rowNames(page))[0]).toBe(clients[0]!.displayName);

    const download = page.waitForEvent('download');
    await page.getByRole('link', { name: 'Export CSV' }).click();
    const file = await (await download).path();
    const rows = parse(await readFile(file), { columns: true, bom: true }) as Array<Record<string, string>>;
    // Every client, in the list's order, with the columns on screen (and nothing else's).
    expect(rows.map((r) => r['Display Name'])).toEqual(clients.map((c) => c.displayName));
    expect(rows.every((r) => r['Lifecycle Stage'] === 'client')).toBe(true);
    expect(Object.keys(rows[0]!)).not.toContain('Birth Date');
    expect(scriptErrors(page)).toEqual([]);
  });
});
