// Drives the VS Code workbench that code-server serves, in Debian's headless Chromium through
// playwright-core: part A types in a real editor and reads the ghost text from the DOM; part B
// runs the extension-host test suite and collects its exit code.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, normalize } from 'node:path';
import { chromium } from 'playwright-core';
import { log, sleep, withTimeout } from './util.mjs';

/** Flags for a headless Chromium that runs as root and talks to nothing but 127.0.0.1. */
const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--no-default-browser-check',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--disable-features=Translate,OptimizationHints,MediaRouter',
  // Every host name but the server's fails to resolve: the page cannot reach the internet.
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
];

/**
 * @typedef {import('playwright-core').BrowserContext} BrowserContext
 * @typedef {import('playwright-core').Page} Page
 * @typedef {(source: string, line: string) => void} Sink
 */

/**
 * Starts Chromium with a new, empty profile.
 * @param {object} options
 * @param {string} options.executablePath
 * @param {string} options.profileDir
 * @param {NodeJS.ProcessEnv} options.env  (HOME and XDG_* in the run's temp folder)
 * @returns {Promise<BrowserContext>}
 */
export async function launchBrowser({ executablePath, profileDir, env }) {
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath,
    headless: true,
    args: CHROMIUM_ARGS,
    env,
    viewport: { width: 1280, height: 800 },
    timeout: 60_000,
  });
  const version = context.browser()?.version();
  log(`Chromium${version ? ` ${version}` : ''} started (${executablePath})`);
  return context;
}

/**
 * The workbench URL for a folder, loading the extension from its source folder (and running
 * extension tests, with `extensionTestsPath`). `payload` is only honoured with code-server's
 * `--vscode-option enable-smoke-test-driver`.
 * @param {object} options
 * @param {string} options.url          http://127.0.0.1:PORT
 * @param {string} options.host         127.0.0.1:PORT
 * @param {string} options.folder       the workspace (absolute path on the server)
 * @param {string} options.extensionPath
 * @param {string} [options.testsPath]
 * @param {string} [options.openFile]
 */
export function workbenchUrl({ url, host, folder, extensionPath, testsPath, openFile }) {
  const remote = (/** @type {string} */ path) => `vscode-remote://${host}${path}`;
  /** @type {[string, string][]} */
  const payload = [['extensionDevelopmentPath', remote(extensionPath)]];
  if (testsPath) payload.push(['extensionTestsPath', remote(testsPath)]);
  if (openFile) payload.push(['openFile', remote(openFile)]);
  return `${url}/?${new URLSearchParams({ folder, payload: JSON.stringify(payload) })}`;
}

/** @type {Map<string, { relativePath: string, contents: string }[]>} log files handed over by codeAutomationExit, by page */
const exitLogs = new Map();

/**
 * A new page that reports the workbench's automation hooks and its console to `sink`.
 * @param {BrowserContext} context
 * @param {Sink} sink
 * @param {string} name  prefix of this page's log lines
 * @returns {Promise<{ page: Page, exitCode: Promise<number> }>}
 */
async function newWorkbenchPage(context, sink, name) {
  const page = await context.newPage();
  /** @type {(code: number) => void} */
  let exit = () => {};
  /** @type {Promise<number>} */
  const exitCode = new Promise((resolve) => (exit = resolve));
  // The workbench calls these when code-server runs with enable-smoke-test-driver: the log of
  // the window while extension tests run (the extension host's console included), and the end
  // of the test run with its exit code and the window's log files. While codeAutomationLog is
  // in use, the page's console repeats the same lines (formatted with %c): those are left out.
  let automationLog = false;
  await page.exposeFunction('codeAutomationLog', (/** @type {string} */ level, /** @type {unknown} */ message) => {
    automationLog = true;
    sink(`${name}:${level}`, Array.isArray(message) ? message.map((m) => (typeof m === 'string' ? m : JSON.stringify(m))).join(' ') : String(message));
  });
  await page.exposeFunction('codeAutomationExit', (/** @type {number} */ code, /** @type {{ relativePath: string, contents: string }[] | undefined} */ logs) => {
    sink(name, `codeAutomationExit(${code}) with ${logs?.length ?? 0} log files`);
    exitLogs.set(name, logs ?? []);
    exit(code);
  });
  page.on('console', (message) => {
    if (!(automationLog && message.text().startsWith('%c'))) sink(`${name}:console.${message.type()}`, message.text());
  });
  page.on('pageerror', (error) => sink(`${name}:pageerror`, error.stack ?? error.message));
  return { page, exitCode };
}

/**
 * Writes the log files that the workbench handed over with its exit code.
 * @param {string} folder
 */
export async function saveExitLogs(folder) {
  for (const [name, files] of exitLogs) {
    for (const file of files) {
      const target = join(folder, name, normalize(file.relativePath).replace(/^(\.\.(\/|$))+/, ''));
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, file.contents);
    }
  }
}

// ---- part A: ghost text in a real editor ----------------------------------------------------

/**
 * Opens a file of the workspace, lets the extension train (with Recurrent: Train Now), types the
 * start of the recurring word on a new line and waits until the ghost text continues it.
 * Saves a screenshot, accepts the suggestion with Tab and checks the line.
 * @param {object} options
 * @param {BrowserContext} options.context
 * @param {string} options.url          the workbench URL (with openFile)
 * @param {string} options.fileName     the opened file's name (its tab)
 * @param {string} options.typed        what to type, e.g. `frobni`
 * @param {string} options.expected     what the ghost text must start with, e.g. `cate`
 * @param {number} options.trainingMs   how long to keep training and retrying
 * @param {string} options.screenshot   where to save the screenshot
 * @param {Sink} options.sink
 * @returns {Promise<{ ghost: string, line: string, trainedMs: number, status: string }>}
 */
export async function ghostTextTest({ context, url, fileName, typed, expected, trainingMs, screenshot, sink }) {
  const { page } = await newWorkbenchPage(context, sink, 'ghost');
  try {
    await page.goto(url);
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    log('part A: workbench loaded');
    const editor = page.locator('.editor-instance .monaco-editor').first();
    await page.locator('.tabs-container .tab', { hasText: fileName }).first().waitFor({ timeout: 60_000 });
    await editor.locator('.view-lines').waitFor({ timeout: 30_000 });
    const status = page.locator('.statusbar-item', { hasText: 'recurrent' }).first();
    await status.waitFor({ timeout: 60_000 });
    log(`part A: ${fileName} is open; the extension is active (status bar: "${await text(status)}")`);

    // A new empty line at the end of the file (which ends with a newline), for the cursor.
    await editor.locator('.view-lines').click();
    await page.keyboard.press('Control+End');
    await page.keyboard.press('Enter');

    const started = Date.now();
    let ghost = '';
    for (let attempt = 1; ; attempt++) {
      await runCommand(page, 'Recurrent: Train Now');
      await waitForStatus(status, /bpc/, 30_000);
      // Train Now is 200 steps; give them time before the first look, less before later ones.
      await sleep(attempt === 1 ? 10_000 : 5_000);
      await retype(page, editor, typed);
      ghost = await readGhostText(page, 5_000);
      const statusText = await text(status);
      log(`part A: attempt ${attempt} after ${((Date.now() - started) / 1000).toFixed(0)} s of training: "${typed}" + ghost ${JSON.stringify(ghost)} (status bar: "${statusText}")`);
      if (ghost.startsWith(expected)) break;
      // Clear the line again at once, so the extension does not take "…frobni" at the end of
      // the document in as text while it trains for the next attempt.
      await clearLine(page, editor);
      if (Date.now() - started > trainingMs) {
        throw new Error(`no ghost text starting with "${expected}" after "${typed}" within ${trainingMs / 1000} s of training (last: ${JSON.stringify(ghost)})`);
      }
    }
    const trainedMs = Date.now() - started;
    const statusText = await text(status);
    await page.screenshot({ path: screenshot });
    log(`part A: ghost text ${JSON.stringify(ghost)} after "${typed}"; screenshot ${screenshot}`);

    await page.keyboard.press('Tab');
    await page.locator('.ghost-text-decoration').first().waitFor({ state: 'detached', timeout: 5_000 });
    const line = await cursorLine(page);
    if (!line.startsWith(`${typed}${ghost}`)) {
      throw new Error(`after Tab the line reads ${JSON.stringify(line)}, not ${JSON.stringify(typed + ghost)}`);
    }
    log(`part A: Tab accepted it: the line reads ${JSON.stringify(line)}`);
    return { ghost, line, trainedMs, status: statusText };
  } catch (error) {
    await failureScreenshot(page, screenshot.replace(/\.png$/, '-failure.png'));
    throw error;
  } finally {
    await page.close();
  }
}

/**
 * Saves what the page shows when a part fails (best effort: the page may be gone).
 * @param {Page} page
 * @param {string} path
 */
async function failureScreenshot(page, path) {
  try {
    await page.screenshot({ path, timeout: 10_000 });
    log(`screenshot of the failure: ${path}`);
  } catch {
    // No screenshot, the error says what failed.
  }
}

/**
 * Runs a command through the command palette (F1), as a user would.
 * @param {Page} page
 * @param {string} title
 */
async function runCommand(page, title) {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ timeout: 10_000 });
  await input.fill(`>${title}`);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor({ timeout: 10_000 });
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 10_000 });
}

/**
 * Replaces the cursor's line with `typed`, typed key by key (each key a chance for VS Code to
 * ask the extension for an inline completion).
 * @param {Page} page
 * @param {import('playwright-core').Locator} editor
 * @param {string} typed
 */
async function retype(page, editor, typed) {
  await clearLine(page, editor);
  await page.keyboard.type(typed, { delay: 60 });
}

/**
 * Empties the cursor's line, the last of the document (Delete: on an empty selection at the
 * end of the document it deletes nothing, where Backspace would join the line to the previous).
 * @param {Page} page
 * @param {import('playwright-core').Locator} editor
 */
async function clearLine(page, editor) {
  // The editor's input element: an EditContext div in VS Code 1.10x, a textarea before.
  await editor.locator('.native-edit-context, textarea.inputarea').first().focus();
  await page.keyboard.press('Escape');
  await page.keyboard.press('End');
  await page.keyboard.press('Shift+Home');
  await page.keyboard.press('Delete');
}

/**
 * The ghost text shown after the cursor ('' if none appears within `timeoutMs`); asks for it
 * explicitly (Trigger Inline Suggestion, Alt+\) if typing did not bring it up.
 * @param {Page} page
 * @param {number} timeoutMs
 */
async function readGhostText(page, timeoutMs) {
  const ghost = page.locator('.monaco-editor .ghost-text-decoration');
  try {
    await ghost.first().waitFor({ timeout: timeoutMs });
  } catch {
    await page.keyboard.press('Alt+Backslash');
    try {
      await ghost.first().waitFor({ timeout: timeoutMs });
    } catch {
      return '';
    }
  }
  await sleep(300); // let a suggestion that is still updating settle
  return (await ghost.allTextContents()).join('').replace(/\u00a0/g, ' ');
}

/**
 * The text of the line the cursor is on, as rendered.
 * @param {Page} page
 */
async function cursorLine(page) {
  return page.locator('.editor-instance .monaco-editor').first().evaluate((editor) => {
    const current = editor.querySelector('.view-overlays .current-line');
    // eslint-disable-next-line no-undef -- the callback runs in the workbench page, where getComputedStyle is a global
    const top = current ? getComputedStyle(/** @type {HTMLElement} */ (current.parentElement)).top : '';
    const line = Array.from(editor.querySelectorAll('.view-lines .view-line')).find((l) => /** @type {HTMLElement} */ (l).style.top === top);
    return (line?.textContent ?? '').replace(/\u00a0/g, ' ');
  });
}

/**
 * @param {import('playwright-core').Locator} status
 * @param {RegExp} pattern
 * @param {number} timeoutMs
 */
async function waitForStatus(status, pattern, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (!pattern.test(await text(status))) {
    if (Date.now() > deadline) throw new Error(`the status bar item never matched ${pattern} (it reads "${await text(status)}")`);
    await sleep(250);
  }
}

/** @param {import('playwright-core').Locator} locator */
async function text(locator) {
  return ((await locator.textContent()) ?? '').replace(/\s+/g, ' ').trim();
}

// ---- part B: the extension-host test suite --------------------------------------------------

/**
 * Loads the workbench with `extensionTestsPath` and waits for the test run's exit code.
 * @param {object} options
 * @param {BrowserContext} options.context
 * @param {string} options.url   the workbench URL (with testsPath)
 * @param {number} options.timeoutMs
 * @param {string} options.screenshot  where to save a screenshot if they fail
 * @param {Sink} options.sink
 * @returns {Promise<number>}
 */
export async function extensionHostTests({ context, url, timeoutMs, screenshot, sink }) {
  const { page, exitCode } = await newWorkbenchPage(context, sink, 'tests');
  try {
    await page.goto(url);
    const code = await withTimeout(exitCode, timeoutMs, 'the extension-host tests did not finish');
    if (code !== 0) await failureScreenshot(page, screenshot);
    return code;
  } catch (error) {
    await failureScreenshot(page, screenshot);
    throw error;
  } finally {
    await page.close();
  }
}
