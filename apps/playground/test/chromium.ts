import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';

/** Debian's Chromium (or CHROMIUM_PATH), as the CLI's report test drives it: nothing is downloaded. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'],
  });
}

/** What a page did that a test must see: console errors, uncaught errors, and requests that left the origin. */
export interface Watch {
  errors: string[];
  outside: string[];
  requests: string[];
}

/**
 * Watches a context: every request not to `origin` (or a blob:/data: URL) is aborted and
 * recorded — the playground must make none — and every console error and page error of the
 * page and its workers is recorded.
 */
export async function watch(context: BrowserContext, origin: string): Promise<Watch> {
  const seen: Watch = { errors: [], outside: [], requests: [] };
  await context.route('**/*', async (route) => {
    const url = route.request().url();
    seen.requests.push(url);
    if (url.startsWith(origin)) await route.continue();
    else {
      seen.outside.push(url);
      await route.abort('blockedbyclient');
    }
  });
  context.on('request', (r) => {
    const url = r.url();
    if (!url.startsWith(origin) && !url.startsWith('blob:') && !url.startsWith('data:') && !seen.outside.includes(url)) seen.outside.push(url);
  });
  context.on('page', (page) => observe(page, seen));
  return seen;
}

function observe(page: Page, seen: Watch): void {
  page.on('console', (m) => { if (m.type() === 'error') seen.errors.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => seen.errors.push(`page error: ${e.message}`));
  page.on('worker', (w) => {
    w.on('console', (m) => { if (m.type() === 'error') seen.errors.push(`worker console: ${m.text()}`); });
  });
}
