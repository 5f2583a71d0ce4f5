#!/usr/bin/env node
// The end-to-end test of recurrent's VS Code extension, in a real VS Code:
//
//   node scripts/e2e.mjs        (from apps/vscode; or `pnpm --filter recurrent-vscode e2e`)
//
// 1. installs its tools if missing into .tools/ (Node 24 and code-server, from the npm registry)
// 2. bundles the extension (dist/) and makes a temp workspace, user data and browser profile
// 3. starts code-server on 127.0.0.1 (its own process group, always killed at the end)
// 4. drives the workbench in Debian's headless Chromium through playwright-core
// 5. part A: types the start of a word that recurs in the workspace, and checks that the
//    extension's ghost text continues it (screenshot: test-artifacts/ghost-text.png)
// 6. part B: runs test/e2e/suite.cjs in the extension host (every command of the extension)
// 7. exits 0 when both pass; keeps test-artifacts/ (screenshots, e2e.log, VS Code's log files)
//
// Environment: CHROMIUM_PATH (default /usr/bin/chromium), E2E_TIMEOUT_S (default 900: the whole
// run after the tool install), E2E_KEEP_TEMP=1 (keep the temp folder for a look afterwards).
import { createWriteStream, existsSync } from 'node:fs';
import { cp, mkdir, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeRunFolders } from './e2e/fixtures.mjs';
import { startCodeServer } from './e2e/server.mjs';
import { ensureTools } from './e2e/tools.mjs';
import { elapsed, log, run, withTimeout } from './e2e/util.mjs';
import { extensionHostTests, ghostTextTest, launchBrowser, saveExitLogs, workbenchUrl } from './e2e/workbench.mjs';

const extensionDir = dirname(dirname(fileURLToPath(import.meta.url)));
const artifacts = join(extensionDir, 'test-artifacts');
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const timeoutMs = Number(process.env.E2E_TIMEOUT_S ?? 900) * 1000;

/** The fixture's recurring identifier: what part A types, and what the ghost text must add. */
const TYPED = 'frobni';
const EXPECTED = 'cate';
/** What test/e2e/suite.cjs puts before each line it prints. */
const SUITE_MARK = '[suite] ';
/** How long part A keeps training and looking for the ghost text. */
const GHOST_TRAINING_MS = 90_000;

/** Kills code-server's process group at once; replaced while it runs (for exit and signals). */
let killServer = () => {};
process.on('exit', () => killServer());
for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM', 'SIGHUP'])) {
  process.on(signal, () => {
    console.error(`e2e: ${signal}: stopping code-server and exiting`);
    killServer();
    process.exit(130);
  });
}

/**
 * What to undo at the end, last in first out (close the browser, stop code-server, collect the
 * logs, remove the temp folder): run by `finish`, whether the test passed, failed or timed out.
 * @type {(() => Promise<void>)[]}
 */
const cleanups = [];

async function finish() {
  while (cleanups.length > 0) {
    const cleanup = /** @type {() => Promise<void>} */ (cleanups.pop());
    try {
      await cleanup();
    } catch (error) {
      console.error(`e2e: cleaning up: ${/** @type {Error} */ (error).message}`);
    }
  }
}

/** Which parts passed (for the closing line). */
const results = { ghostText: false, extensionHost: false };

/**
 * Everything after the tool install (under the time limit).
 * @param {import('./e2e/tools.mjs').Tools} tools
 */
async function test(tools) {
  log('bundling the extension (dist/extension.js, dist/worker.js)');
  await run(process.execPath, ['scripts/bundle.mjs'], { cwd: extensionDir });

  await rm(artifacts, { recursive: true, force: true });
  await mkdir(artifacts, { recursive: true });
  const logFile = join(artifacts, 'e2e.log');
  const logStream = createWriteStream(logFile);
  cleanups.push(() => new Promise((resolve) => logStream.end(resolve)));
  /** @type {(source: string, line: string) => void} */
  const sink = (source, line) => {
    logStream.write(`${new Date().toISOString()} [${source}] ${line}\n`);
    // The extension-host suite's own lines (it marks them) are shown as they come.
    if (source.startsWith('tests:') && line.startsWith(SUITE_MARK)) {
      for (const l of line.slice(SUITE_MARK.length).split('\n')) console.log(`           │ ${l}`);
    }
  };

  const folders = await makeRunFolders(join(extensionDir, 'test', 'e2e', 'workspace'));
  log(`temp folder ${folders.root}`);
  cleanups.push(async () => {
    if (results.ghostText && results.extensionHost && !process.env.E2E_KEEP_TEMP) await rm(folders.root, { recursive: true, force: true });
    else log(`kept the temp folder ${folders.root}`);
  });
  cleanups.push(async () => {
    await saveExitLogs(join(artifacts, 'exit-logs'));
    // VS Code's own log files: the server's, the extension hosts', the "recurrent" output channel.
    const logs = join(folders.userDataDir, 'logs');
    if (existsSync(logs)) await cp(logs, join(artifacts, 'vscode-logs'), { recursive: true });
  });

  const server = await startCodeServer({
    node: tools.node, entry: tools.codeServer, root: folders.root, userDataDir: folders.userDataDir,
    onOutput: (line) => sink('code-server', line),
  });
  killServer = server.kill;
  cleanups.push(async () => {
    await server.stop();
    killServer = () => {};
  });

  const home = join(folders.root, 'home');
  const context = await launchBrowser({
    executablePath: chromiumPath, profileDir: folders.profileDir,
    env: { ...process.env, HOME: home, XDG_CONFIG_HOME: join(home, '.config'), XDG_CACHE_HOME: join(home, '.cache') },
  });
  cleanups.push(async () => {
    // A page still open here was cut short (the time limit): keep what it showed.
    for (const [i, page] of context.pages().filter((p) => p.url() !== 'about:blank').entries()) {
      await page.screenshot({ path: join(artifacts, `unfinished-${i + 1}.png`), timeout: 10_000 }).catch(() => {});
    }
    await context.close();
  });
  const common = { url: server.url, host: server.host, extensionPath: extensionDir };

  log(`part A: ghost text (workspace ${folders.ghostWorkspace})`);
  const ghost = await ghostTextTest({
    context, sink,
    url: workbenchUrl({ ...common, folder: folders.ghostWorkspace, openFile: join(folders.ghostWorkspace, 'src', 'widgets.ts') }),
    fileName: 'widgets.ts', typed: TYPED, expected: EXPECTED, trainingMs: GHOST_TRAINING_MS,
    screenshot: join(artifacts, 'ghost-text.png'),
  });
  results.ghostText = true;
  log(`part A passed: "${TYPED}" → ghost text ${JSON.stringify(ghost.ghost)} after ${(ghost.trainedMs / 1000).toFixed(0)} s of training (${ghost.status})`);

  log(`part B: extension-host tests (test/e2e/suite.cjs, workspace ${folders.testWorkspace})`);
  const code = await extensionHostTests({
    context, sink, timeoutMs: 10 * 60_000,
    url: workbenchUrl({ ...common, folder: folders.testWorkspace, testsPath: join(extensionDir, 'test', 'e2e', 'suite.cjs') }),
    screenshot: join(artifacts, 'extension-host-tests.png'),
  });
  if (code !== 0) throw new Error(`the extension-host tests failed (exit code ${code}); see ${logFile}`);
  results.extensionHost = true;
  log('part B passed: exit code 0');
}

/** The closing line: how many of the two parts passed. */
function summary() {
  const parts = [results.ghostText, results.extensionHost];
  return `e2e: ${parts.filter(Boolean).length} passed, ${parts.filter((p) => !p).length} failed`;
}

try {
  if (!existsSync(chromiumPath)) {
    throw new Error(`no Chromium at ${chromiumPath}: install Debian's (apt-get install chromium; or \`node ../../scripts/ensure-chromium.mjs\` from here) or set CHROMIUM_PATH`);
  }
  const tools = await ensureTools(join(extensionDir, '.tools'));
  try {
    await withTimeout(test(tools), timeoutMs, 'the end-to-end test');
  } finally {
    await withTimeout(finish(), 60_000, 'cleaning up').catch((error) => console.error(`e2e: ${error.message}`));
  }
  log(`PASSED in ${elapsed()} s; artifacts in ${artifacts}`);
  console.log(summary());
  process.exit(0);
} catch (error) {
  const e = /** @type {Error} */ (error);
  console.error(`\ne2e: FAILED after ${elapsed()} s: ${e.message}`);
  if (e.stack && !e.message.includes('timed out')) console.error(e.stack.split('\n').slice(1, 6).join('\n'));
  console.error(`e2e: artifacts (screenshots, e2e.log, VS Code's logs) in ${artifacts}`);
  console.log(summary());
  process.exit(1);
}
