// End-to-end plumbing shared by the browser suites: the real server (buildApp on a fresh in-memory
// PGlite with a small seeded demo tenant, listening on a free port; started once for the e2e project
// by global-setup.ts), Debian's Chromium through playwright-core, and signing in through the real
// form. Add a suite with:
//
//   const chromium = hasChromium();
//   describe.skipIf(!chromium)('my flow', () => {
//     let server: E2eServer; let browser: Browser;
//     beforeAll(async () => { server = await startServer(); browser = await openBrowser(); });
//     afterAll(async () => { await browser?.close(); await server?.close(); });
//     it('...', async () => { const page = await newPage(browser, server); await signIn(page); ... });
//   });
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { inject } from 'vitest';
import { buildApp } from '../../src/app.ts';
import { configFrom } from '../../src/config.ts';
import { createDb } from '../../src/db/client.ts';
import { migrate } from '../../src/db/migrate.ts';
import { demoTenant, seedDemo } from '../../src/seed/demo.ts';
import { root, webStale } from '../../scripts/build.mjs';

export const CHROMIUM = '/usr/bin/chromium';
export const demo = { tenant: demoTenant.slug, email: demoTenant.adminEmail, password: demoTenant.password };
export const resultsDir = join(root, 'test-results');

/** Chromium is installed (.ci/run apt-installs it); suites skip with a message when it is not. */
export function hasChromium(): boolean {
  if (existsSync(CHROMIUM)) return true;
  console.warn(`e2e: skipped: ${CHROMIUM} is not installed (apt-get install chromium)`);
  return false;
}

export interface E2eServer {
  url: string;
  close(): Promise<void>;
}

/**
 * The server the suites drive. Under `vitest --project e2e` it is the one global-setup.ts started
 * for all files (one database and seed instead of one per file); closing it here does nothing.
 */
export async function startServer(): Promise<E2eServer> {
  const shared = inject('e2eUrl');
  if (shared) return { url: shared, close: async () => {} };
  return launchServer();
}

/** Builds web/dist when missing or stale (once per process), then serves the app on a free port. */
export async function launchServer(): Promise<E2eServer> {
  // In a child process: Vite inside Vitest's own process can stall.
  if (webStale()) execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs'), 'web'], { stdio: 'inherit' });
  const database = await createDb({});
  await migrate(database);
  // A small tenant keeps start-up to a few seconds; the flows need only a few records.
  await seedDemo(database, { sizes: { companies: 15, contacts: 60, duplicates: 2, interactions: 120, notes: 20, tasks: 20 } });
  const app = await buildApp({ database, config: configFrom({ LOGIN_RATE_LIMIT: '1000', LOG_LEVEL: 'warn' }) });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  return {
    url,
    async close() {
      await app.close();
      await database.close();
    },
  };
}

export async function openBrowser(): Promise<Browser> {
  // Not persistent, so Playwright gives every launch a fresh --user-data-dir.
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}

export interface PageOptions {
  viewport?: { width: number; height: number };
  colorScheme?: 'light' | 'dark';
}

export const phone = { width: 390, height: 844 };

/** A page in its own context (own cookies and storage); fails the test on uncaught page errors. */
export async function newPage(browser: Browser, server: E2eServer, opts: PageOptions = {}): Promise<Page> {
  const context = await browser.newContext({
    baseURL: server.url,
    viewport: opts.viewport ?? { width: 1280, height: 800 },
    colorScheme: opts.colorScheme ?? 'light',
    ...(opts.viewport && opts.viewport.width < 500 ? { isMobile: true, hasTouch: true } : {}),
  });
  const page = await context.newPage();
  // Fail a step in seconds, not Playwright's default half-minute.
  page.setDefaultTimeout(10_000);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  uncaught.set(page, errors);
  return page;
}

const uncaught = new WeakMap<Page, string[]>();
/** Uncaught script errors on the page so far (a test asserts there are none). */
export const scriptErrors = (page: Page): string[] => uncaught.get(page) ?? [];

/** Signs in through the sign-in form and waits for the app shell. */
export async function signIn(page: Page, who: { tenant: string; email: string; password: string } = demo, path = '/contacts') {
  await page.goto(path);
  // The first screen of a fresh context may wait on a busy server (PGlite answers one query at a time).
  await page.getByRole('textbox', { name: 'Tenant' }).waitFor({ timeout: 30_000 });
  await page.getByRole('textbox', { name: 'Tenant' }).fill(who.tenant);
  await page.getByRole('textbox', { name: 'Email' }).fill(who.email);
  await page.getByRole('textbox', { name: 'Password' }).fill(who.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: /^Account: / }).waitFor();
}

/** Saves a screenshot to test-results/<name>.png (gitignored) for people to look at. */
export async function screenshot(page: Page, name: string) {
  mkdirSync(resultsDir, { recursive: true });
  await page.screenshot({ path: join(resultsDir, `${name}.png`), fullPage: false });
}

declare module 'vitest' {
  export interface ProvidedContext {
    e2eUrl: string;
  }
}
