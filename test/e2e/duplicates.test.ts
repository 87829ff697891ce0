// The real-time duplicate hint in real Chromium (issue 5): creating a near-duplicate contact in the
// form shows "this looks like ..." with its probability and why, "not the same" hides it and is
// recorded for the new contact once saved, so neither page offers the pair again; on a phone the
// contact page's panel fits the screen and its "not the same" removes the candidate.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { hasChromium, newPage, openBrowser, phone, screenshot, scriptErrors, signIn, startServer, type E2eServer } from './browser.ts';

const augusta = { given: 'Augusta', family: 'Byron-King', email: 'augusta@analytical-engine.test' };

async function fillContact(page: Page, fields: typeof augusta) {
  const form = page.getByRole('form', { name: 'New contact' });
  await form.getByRole('textbox', { name: 'Given name' }).fill(fields.given);
  await form.getByRole('textbox', { name: 'Family name' }).fill(fields.family);
  await form.getByRole('textbox', { name: 'Email' }).fill(fields.email);
  return form;
}

async function save(page: Page): Promise<string> {
  const before = page.url();
  await page.getByRole('form', { name: 'New contact' }).getByRole('button', { name: 'Create contact' }).click();
  await page.waitForURL((u) => /\/contacts\/[0-9a-f-]{36}$/.test(u.pathname) && u.href !== before);
  return page.url().split('/').pop()!;
}

async function duplicateIds(page: Page, id: string): Promise<string[]> {
  const res = await page.request.get(`/api/v1/contacts/${id}/duplicates`);
  expect(res.status()).toBe(200);
  return ((await res.json()) as { candidates: Array<{ contact: { id: string } }> }).candidates.map((c) => c.contact.id);
}

describe.skipIf(!hasChromium())('duplicate hints in Chromium', () => {
  let server: E2eServer;
  let browser: Browser;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), openBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('warns while a near-duplicate contact is typed, and "not the same" sticks once it is created', async () => {
    const page = await newPage(browser, server);
    await signIn(page);
    await page.getByRole('button', { name: 'New contact' }).click();
    await fillContact(page, augusta);
    const first = await save(page);
    await page.getByRole('heading', { name: 'Augusta Byron-King' }).waitFor();

    await page.getByRole('button', { name: 'New contact' }).click();
    const form = await fillContact(page, { ...augusta, email: augusta.email.toUpperCase() });
    const hint = form.getByRole('status', { name: /^This looks like Augusta Byron-King, \d+%$/ });
    await hint.waitFor();
    await hint.getByRole('button', { name: 'Show why Augusta Byron-King matches' }).click();
    await hint.getByText(/^Total [+−]\d/).waitFor();
    expect(await hint.getByRole('link', { name: 'View Augusta Byron-King' }).getAttribute('href')).toBe(`/contacts/${first}`);
    await screenshot(page, 'duplicate-hint-form');
    await hint.getByRole('button', { name: 'Not the same as Augusta Byron-King' }).click();
    await hint.waitFor({ state: 'hidden' });
    const second = await save(page);
    expect(second).not.toBe(first);

    // The decision was recorded for the pair: neither record offers the other.
    expect(await duplicateIds(page, second)).not.toContain(first);
    expect(await duplicateIds(page, first)).not.toContain(second);
    await page.getByRole('heading', { name: 'Augusta Byron-King' }).waitFor();
    await page.getByRole('region', { name: 'Timeline' }).waitFor();
    expect(await page.getByRole('note').filter({ hasText: 'Possible duplicates' }).count()).toBe(0);
    expect(scriptErrors(page)).toEqual([]);
  });

  it('on a phone, the contact page lists possible duplicates within the screen and "not the same" removes one', async () => {
    const page = await newPage(browser, server, { viewport: phone });
    await signIn(page);
    // Saving is never blocked: a third Augusta is created with the hint showing.
    await page.getByRole('button', { name: 'Open navigation' }).click();
    await page.getByRole('button', { name: 'New contact' }).click();
    const form = await fillContact(page, augusta);
    await form.getByRole('status', { name: /^This looks like Augusta Byron-King/ }).waitFor();
    const third = await save(page);
    await page.getByRole('heading', { name: 'Augusta Byron-King' }).waitFor();

    const panel = page.getByRole('note').filter({ hasText: 'Possible duplicates' });
    await panel.waitFor();
    const items = panel.getByRole('listitem');
    await items.first().waitFor();
    const before = await items.count();
    expect(before).toBeGreaterThanOrEqual(2);
    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(page, 'phone-possible-duplicates');

    const gone = (await duplicateIds(page, third))[0]!;
    await panel.getByRole('button', { name: 'Not the same as Augusta Byron-King' }).first().click();
    await expect.poll(() => items.count()).toBe(before - 1);
    expect(await duplicateIds(page, third)).not.toContain(gone);
    expect(scriptErrors(page)).toEqual([]);
  });
});
