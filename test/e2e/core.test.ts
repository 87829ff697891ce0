// The staff app's main flows in real Chromium against the real server: sign in, create a contact,
// find it from the palette despite a typo, log a call and see it on the timeline, the same with a
// meeting on a phone-sized screen, and hostile text shown as text. Screenshots go to test-results/.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { hasChromium, newPage, openBrowser, phone, screenshot, scriptErrors, signIn, startServer, type E2eServer } from './browser.ts';

const hostile = '<img src=x onerror=alert(1)>';

async function openPalette(page: Page) {
  await page.keyboard.press('Control+k');
  const box = page.getByRole('combobox', { name: 'Search or type a command' });
  await box.waitFor();
  return box;
}

async function createContact(page: Page, fields: { given: string; family: string; email?: string; jobTitle?: string }) {
  await page.getByRole('button', { name: 'New contact' }).click();
  const form = page.getByRole('form', { name: 'New contact' });
  await form.getByRole('textbox', { name: 'Given name' }).fill(fields.given);
  await form.getByRole('textbox', { name: 'Family name' }).fill(fields.family);
  if (fields.email) await form.getByRole('textbox', { name: 'Email' }).fill(fields.email);
  if (fields.jobTitle) await form.getByRole('textbox', { name: 'Job title' }).fill(fields.jobTitle);
  await form.getByRole('button', { name: 'Create contact' }).click();
  await page.waitForURL(/\/contacts\/[0-9a-f-]{36}$/);
}

describe.skipIf(!hasChromium())('staff app in Chromium', () => {
  let server: E2eServer;
  let browser: Browser;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), openBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('signs in, creates a contact, finds it with a typo and logs a call on its timeline', async () => {
    const page = await newPage(browser, server);
    await page.goto('/contacts');
    await page.getByRole('textbox', { name: 'Tenant' }).waitFor();
    await screenshot(page, 'sign-in');
    await signIn(page);
    await screenshot(page, 'contacts');

    await createContact(page, { given: 'Quentin', family: 'Zeffirelli', email: 'quentin@zeffirelli.test' });
    await page.getByRole('heading', { name: 'Quentin Zeffirelli' }).waitFor();

    // Somewhere else, then back through the palette with a misspelt name.
    await page.getByRole('link', { name: 'My tasks' }).click();
    await page.getByRole('heading', { name: 'My tasks' }).waitFor();
    await screenshot(page, 'tasks');
    const box = await openPalette(page);
    await box.fill('zefirelli');
    await page.getByRole('option', { name: /^Quentin Zeffirelli/ }).click();
    await page.getByRole('heading', { name: 'Quentin Zeffirelli' }).waitFor();

    // "log a call with <typo>" runs the quick action: participant chosen, kind Call.
    const again = await openPalette(page);
    await again.fill('log a call with zefirelli');
    await page.getByRole('option', { name: /^Log a call with Quentin Zeffirelli/ }).waitFor();
    await screenshot(page, 'command-palette');
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Log an interaction' });
    await dialog.getByRole('button', { name: 'Remove Quentin Zeffirelli' }).waitFor();
    expect(await dialog.getByRole('radio', { name: 'Call', exact: true }).isChecked()).toBe(true);
    await dialog.getByRole('textbox', { name: 'Subject' }).fill('Discussed the pension transfer');
    await dialog.getByRole('textbox', { name: 'Notes' }).fill('Wants the forms by Friday.');
    await screenshot(page, 'log-interaction');
    await dialog.getByRole('button', { name: 'Save call' }).click();
    await dialog.waitFor({ state: 'hidden' });

    const timeline = page.getByRole('region', { name: 'Timeline' });
    await timeline.getByText('Discussed the pension transfer').waitFor();
    expect(await timeline.locator('li[data-type="interaction"]').count()).toBe(1);
    await screenshot(page, 'contact');
    expect(scriptErrors(page)).toEqual([]);
  });

  it('logs a meeting one-handed on a 390x844 phone screen', async () => {
    const page = await newPage(browser, server, { viewport: phone });
    await signIn(page);
    // On a phone "New contact" sits in the navigation behind the burger.
    await page.getByRole('button', { name: 'Open navigation' }).click();
    await createContact(page, { given: 'Marisol', family: 'Okonkwo-Baptiste' });
    await page.getByRole('heading', { name: 'Marisol Okonkwo-Baptiste' }).waitFor();
    await screenshot(page, 'phone-contact');

    // The bottom bar's Log button logs with the contact on screen.
    const bottom = page.getByRole('navigation', { name: 'Quick navigation' });
    await bottom.getByRole('button', { name: 'Log an interaction' }).click();
    const dialog = page.getByRole('dialog', { name: 'Log an interaction' });
    await dialog.getByRole('button', { name: 'Remove Marisol Okonkwo-Baptiste' }).waitFor();
    await dialog.getByText('Meeting', { exact: true }).click();
    await dialog.getByRole('textbox', { name: 'Subject' }).fill('Coffee at the branch');
    await screenshot(page, 'phone-log-meeting');
    await dialog.getByRole('button', { name: 'Save meeting' }).click();
    await dialog.waitFor({ state: 'hidden' });
    const item = page.getByRole('region', { name: 'Timeline' }).getByText('Coffee at the branch');
    await item.waitFor();
    await item.scrollIntoViewIfNeeded();
    // Nothing runs off the side of the phone screen.
    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(page, 'phone-timeline');

    await bottom.getByRole('link', { name: 'Tasks' }).click();
    await page.getByRole('heading', { name: 'My tasks' }).waitFor();
    await screenshot(page, 'phone-tasks');
    expect(scriptErrors(page)).toEqual([]);
  });

  it('keeps a half-filled form when the session ends, signs in again over it and saves', async () => {
    const page = await newPage(browser, server);
    await signIn(page);
    await createContact(page, { given: 'Ingrid', family: 'Sæther' });
    await page.getByRole('button', { name: 'Log meeting' }).click();
    const dialog = page.getByRole('dialog', { name: 'Log an interaction' });
    await dialog.getByRole('textbox', { name: 'Subject' }).fill('Estate planning, first pass');
    // The session goes away (expiry, sign-out elsewhere): the next request answers 401.
    await page.context().clearCookies();
    await dialog.getByRole('button', { name: 'Save meeting' }).click();
    const again = page.getByRole('dialog', { name: 'Your session has ended' });
    await again.getByRole('textbox', { name: 'Password' }).fill('rapport-demo');
    await screenshot(page, 'sign-in-again');
    await again.getByRole('button', { name: 'Sign in again' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByRole('region', { name: 'Timeline' }).getByText('Estate planning, first pass').waitFor();
    expect(scriptErrors(page)).toEqual([]);
  });

  it('shows a contact named like markup as text and runs none of it', async () => {
    const page = await newPage(browser, server, { colorScheme: 'dark' });
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await signIn(page);
    await createContact(page, { given: hostile, family: 'Tester', jobTitle: hostile });
    // The job title is kept exactly as typed; the name as the API stored it (it may recase words).
    const res = await page.request.get(`/api/v1/contacts/${page.url().split('/').pop()!}`);
    const shown = ((await res.json()) as { displayName: string }).displayName;
    await page.getByRole('heading', { name: shown }).waitFor();
    await page.getByText(hostile, { exact: true }).first().waitFor();
    expect(await page.locator('main img').count()).toBe(0);

    const box = await openPalette(page);
    await box.fill('tester');
    await page.getByRole('option', { name: new RegExp(`^${shown.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`) }).waitFor();
    await screenshot(page, 'hostile-name-dark');
    await page.waitForTimeout(300);
    expect(dialogs).toEqual([]);
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    expect(scriptErrors(page)).toEqual([]);
  });
});
