// Starts code-server (the VS Code workbench and a real Node extension host, served over HTTP)
// on 127.0.0.1, in its own process group, with every folder it writes to inside the run's
// temp folder; stops the whole group again.
import { spawn } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { delimiter, dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { log, sleep } from './util.mjs';

/**
 * @typedef {object} CodeServer
 * @property {string} host     `127.0.0.1:PORT`
 * @property {string} url      `http://127.0.0.1:PORT`
 * @property {() => Promise<void>} stop ends the whole process group: SIGTERM, then SIGKILL (safe to call twice)
 * @property {() => void} kill kills the whole process group at once (synchronous: for exit handlers)
 * @property {Promise<number | null>} exited resolves with the exit code when the server ends
 */

/**
 * @param {object} options
 * @param {string} options.node          the Node binary to run it with
 * @param {string} options.entry         code-server's out/node/entry.js
 * @param {string} options.root          the run's temp folder (user data, extensions, home, XDG dirs go here)
 * @param {string} options.userDataDir   VS Code's user data folder (settings in User/settings.json)
 * @param {(line: string) => void} options.onOutput  receives code-server's output, line by line
 * @returns {Promise<CodeServer>}
 */
export async function startCodeServer({ node, entry, root, userDataDir, onOutput }) {
  const port = await freePort();
  const host = `127.0.0.1:${port}`;
  const home = join(root, 'home');
  const dirs = {
    HOME: home,
    XDG_CONFIG_HOME: join(home, '.config'),
    XDG_DATA_HOME: join(home, '.local', 'share'),
    XDG_CACHE_HOME: join(home, '.cache'),
    XDG_STATE_HOME: join(home, '.local', 'state'),
    XDG_RUNTIME_DIR: join(root, 'runtime'),
  };
  for (const dir of Object.values(dirs)) await mkdir(dir, { recursive: true, mode: 0o700 });
  const extensionsDir = join(root, 'extensions');
  await mkdir(extensionsDir, { recursive: true });
  // Without --config code-server writes (and reads) ~/.config/code-server/config.yaml.
  const config = join(root, 'code-server.yaml');
  await writeFile(config, `bind-addr: ${host}\nauth: none\ncert: false\n`);

  const args = [
    entry,
    '--bind-addr', host,
    '--auth', 'none',
    '--config', config,
    '--user-data-dir', userDataDir,
    '--extensions-dir', extensionsDir,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--ignore-last-opened',
    '--reconnection-grace-time', '5',
    // Lets the page's `payload` load the extension from its folder and run extension tests,
    // and report back through window.codeAutomationExit / codeAutomationLog.
    '--vscode-option', 'enable-smoke-test-driver',
  ];
  // detached: the child calls setsid(), so it leads a new session and process group, and
  // `kill(-pid)` reaches code-server and everything it starts (extension hosts, file watchers).
  const child = spawn(node, args, {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env, ...dirs, PATH: `${dirname(node)}${delimiter}${process.env.PATH ?? ''}`,
      // No extension gallery (code-server's default is open-vsx.org): the run stays on 127.0.0.1.
      EXTENSIONS_GALLERY: '{}',
    },
  });
  createInterface({ input: child.stdout }).on('line', onOutput);
  createInterface({ input: child.stderr }).on('line', onOutput);
  const exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
  const pgid = child.pid;
  /** @param {NodeJS.Signals} signal */
  const signalGroup = (signal) => {
    if (pgid === undefined) return;
    try {
      process.kill(-pgid, signal);
    } catch {
      // The group is gone already.
    }
  };
  const kill = () => signalGroup('SIGKILL');
  const stop = async () => {
    signalGroup('SIGTERM');
    await Promise.race([exited, sleep(3000)]);
    // Whatever is left of the group (an extension host, a watcher) goes too.
    kill();
  };
  log(`code-server starting on http://${host} (process group ${pgid})`);

  const server = { host, url: `http://${host}`, stop, kill, exited };
  try {
    await waitForHealth(server.url, exited, 60_000);
  } catch (error) {
    kill();
    throw error;
  }
  return server;
}

/**
 * Polls /healthz until code-server answers (or it exits, or time runs out).
 * @param {string} url
 * @param {Promise<number | null>} exited
 * @param {number} timeoutMs
 */
async function waitForHealth(url, exited, timeoutMs) {
  const started = Date.now();
  /** @type {number | null | undefined} */
  let exitCode;
  void exited.then((code) => (exitCode = code));
  while (Date.now() - started < timeoutMs) {
    if (exitCode !== undefined) throw new Error(`code-server exited (code ${exitCode}) before it was ready; see its log`);
    try {
      const response = await fetch(`${url}/healthz`);
      if (response.ok) {
        log(`code-server ready in ${((Date.now() - started) / 1000).toFixed(1)} s: ${(await response.text()).trim()}`);
        return;
      }
    } catch {
      // Not listening yet.
    }
    await sleep(200);
  }
  throw new Error(`code-server did not answer ${url}/healthz within ${timeoutMs / 1000} s`);
}

/**
 * A TCP port on 127.0.0.1 that is free right now.
 * @returns {Promise<number>}
 */
function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}
