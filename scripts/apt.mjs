// Debian packages that tests install for themselves when run as root (Chromium, PyTorch,
// code-server's Kerberos headers). Turbo runs the packages' tests side by side, so two installs
// can meet: the second waits for the first's lock instead of failing ("Could not get lock").
import { spawnSync } from 'node:child_process';

/** How long to wait for another apt-get to finish. */
const LOCK_WAIT_MS = 20 * 60_000;
const RETRY_MS = 3000;

/**
 * Runs `apt-get ARGS` (noninteractive; stdout shown only with `quiet: false`), waiting while
 * another apt-get or dpkg holds its lock; throws with apt-get's message on any other failure.
 * @param {string[]} args
 * @param {{ cwd?: string, quiet?: boolean }} [options]
 */
export function aptGet(args, { cwd, quiet = true } = {}) {
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    const run = spawnSync('apt-get', ['-o', `DPkg::Lock::Timeout=${LOCK_WAIT_MS / 1000}`, ...args], {
      cwd, env, encoding: 'utf8', stdio: ['ignore', quiet ? 'ignore' : 'inherit', 'pipe'],
    });
    if (run.status === 0) return;
    const locked = /Could not get lock|Unable to acquire|Unable to lock/.test(run.stderr ?? '');
    if (!locked || Date.now() > deadline) {
      process.stderr.write(run.stderr ?? '');
      throw new Error(`apt-get ${args.join(' ')} failed (${run.error?.message ?? `exit ${run.status}`})`);
    }
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, RETRY_MS);
  }
}

/**
 * Installs Debian `packages` (after `apt-get update`), without recommended ones.
 * @param {string[]} packages
 * @param {{ quiet?: boolean }} [options]
 */
export function aptInstall(packages, options) {
  aptGet(['update', '-qq'], options);
  aptGet(['install', '-y', '-qq', '--no-install-recommends', ...packages], options);
}
