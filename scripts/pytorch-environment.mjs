// PyTorch as a PyTorch user on this machine gets it: Debian's python3-torch, with Debian's
// OpenBLAS (libopenblas0-pthread) in front of the reference BLAS that python3-torch pulls in.
// Without OpenBLAS, torch runs its matrix products on netlib's reference BLAS, 10-50x slower: a
// benchmark against that would flatter us, and training the base model would take days.
//
// OpenBLAS is unpacked (apt-get download + dpkg-deb -x, nothing installed) into the git-ignored
// .cache/openblas at the repository's root and put on LD_LIBRARY_PATH of the Python we start.
//
// `pytorchEnvironment({ install })` gives { python, env } or a reason it cannot; `env` puts
// packages/pytorch (the recurrent_torch package) on PYTHONPATH. scripts/pytorch.mjs is the
// command over it. This module has no side effects: the benchmark's bundle imports it.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { aptGet, aptInstall } from './apt.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
/**
 * Whether this module runs from the repository (not from the installed CLI's bundle of the
 * benchmark, where ROOT is a folder of the package): only there are the OpenBLAS cache and
 * packages/pytorch.
 */
const IN_REPOSITORY = existsSync(join(ROOT, 'pnpm-workspace.yaml'));
const OPENBLAS = join(ROOT, '.cache', 'openblas');
const OPENBLAS_LIBRARY = join(OPENBLAS, 'usr', 'lib', 'x86_64-linux-gnu', 'openblas-pthread');
const PYTHON = '/usr/bin/python3';
const PYTORCH_PACKAGE = join(ROOT, 'packages', 'pytorch');

/**
 * torchrun's own arguments that every launch needs here. Debian's torch 1.13 on Python 3.11
 * cannot parse its default --redirects 0 / --tee 0: `Std` is an IntFlag, and Python 3.11 no
 * longer iterates an IntFlag's zero member (nor ALL = 3), so the lookup returns None and the
 * launcher crashes. 1 (stdout to the log and the console) is a value that parses.
 */
export const TORCHRUN = ['-m', 'torch.distributed.run', '--redirects', '1', '--tee', '1'];

const canInstall = () => typeof process.getuid === 'function' && process.getuid() === 0 && existsSync('/usr/bin/apt-get');

/** Whether `python` (a path, or a name on PATH) imports torch. */
function hasTorch(python) {
  return spawnSync(python, ['-c', 'import torch'], { stdio: 'ignore' }).status === 0;
}

function installTorch() {
  console.error('pytorch: installing Debian\'s python3-torch (apt-get)…');
  aptInstall(['python3-torch']);
}

function unpackOpenBLAS() {
  const download = join(OPENBLAS, 'download');
  rmSync(download, { recursive: true, force: true });
  mkdirSync(download, { recursive: true });
  chmodSync(download, 0o777); // apt-get downloads as the _apt user where it can
  aptGet(['download', '-qq', 'libopenblas0-pthread'], { cwd: download });
  const deb = readdirSync(download).find((f) => f.endsWith('.deb'));
  if (!deb) throw new Error('pytorch: apt-get download libopenblas0-pthread gave no .deb');
  execFileSync('dpkg-deb', ['-x', join(download, deb), OPENBLAS]);
  rmSync(download, { recursive: true, force: true });
}

/**
 * The Python to run PyTorch with and its environment (OpenBLAS first on LD_LIBRARY_PATH, one
 * OpenMP/OpenBLAS thread unless the caller says otherwise), or `{ missing }` saying why not.
 * With `install` (and root on Debian) it installs python3-torch and unpacks OpenBLAS first and
 * uses Debian's Python; without, the first of Debian's Python and `python3` on PATH (a user's
 * virtual environment) that has torch.
 */
export function pytorchEnvironment({ install = false } = {}) {
  let python = PYTHON;
  try {
    let found = hasTorch(PYTHON);
    if (!found && install && canInstall()) {
      installTorch();
      found = hasTorch(PYTHON);
    } else if (!found && !install && hasTorch('python3')) {
      python = 'python3';
      found = true;
    }
    if (!found) return { missing: `no PyTorch for ${install ? PYTHON : `${PYTHON} or python3`} (install Debian's python3-torch, or torch with pip)` };
    if (IN_REPOSITORY && !existsSync(join(OPENBLAS_LIBRARY, 'libblas.so.3')) && install && existsSync('/usr/bin/apt-get')) unpackOpenBLAS();
  } catch (error) {
    return { missing: `could not install PyTorch: ${error.message}` };
  }
  const env = { ...process.env, OMP_NUM_THREADS: process.env.OMP_NUM_THREADS ?? '1', OPENBLAS_NUM_THREADS: process.env.OPENBLAS_NUM_THREADS ?? '1' };
  if (!IN_REPOSITORY) return { python, env, blas: 'the BLAS torch finds' };
  const blas = existsSync(join(OPENBLAS_LIBRARY, 'libblas.so.3')) ? 'OpenBLAS' : 'the reference BLAS (slow)';
  if (blas === 'OpenBLAS') env.LD_LIBRARY_PATH = [OPENBLAS_LIBRARY, process.env.LD_LIBRARY_PATH].filter(Boolean).join(':');
  env.PYTHONPATH = [PYTORCH_PACKAGE, process.env.PYTHONPATH].filter(Boolean).join(':');
  return { python, env, blas };
}
