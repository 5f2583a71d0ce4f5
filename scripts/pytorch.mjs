// Runs Python with PyTorch as scripts/pytorch-environment.mjs sets it up (Debian's python3-torch
// and OpenBLAS, installed when missing and root):
//
//   node scripts/pytorch.mjs SCRIPT.py ARGS…   runs SCRIPT with that Python
//   node scripts/pytorch.mjs -m MODULE ARGS…   runs a module (packages/pytorch is on PYTHONPATH: -m recurrent_torch.train)
//   node scripts/pytorch.mjs --torchrun ARGS…  torchrun (torch.distributed.run) with ARGS, e.g. --nproc_per_node 2 -m recurrent_torch.train …
//   node scripts/pytorch.mjs --check           says whether PyTorch is there, and which BLAS it would use
import { spawnSync } from 'node:child_process';
import { pytorchEnvironment, TORCHRUN } from './pytorch-environment.mjs';

const [first, ...rest] = process.argv.slice(2);
if (first === '--check') {
  const found = pytorchEnvironment();
  console.log(found.missing ?? `PyTorch at ${found.python} with ${found.blas}`);
  process.exit(found.missing ? 1 : 0);
}
if (!first) {
  console.error('usage: node scripts/pytorch.mjs SCRIPT.py ARGS… | --check');
  process.exit(2);
}
const found = pytorchEnvironment({ install: true });
if (found.missing) {
  console.error(`pytorch: ${found.missing}`);
  process.exit(1);
}
const args = first === '--torchrun' ? [...TORCHRUN, ...rest] : [first, ...rest];
const run = spawnSync(found.python, args, { stdio: 'inherit', env: found.env });
process.exit(run.status ?? 1);
