#!/usr/bin/env node
/**
 * recurrent-conformance <dir>: checks this library against every PyTorch fixture JSON in a
 * directory (format "rnn-bptt-torch-fixture" v1) and prints one line per file — pass or fail,
 * with the comparison that used the most of the file's tolerance — then `N passed, M failed`.
 * Exits 1 when any file fails, 2 when the directory cannot be read or holds no fixture.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseFixture } from './fixture.js';
import { runFixture } from './run.js';

function main(args: string[]): number {
  const verbose = args.includes('--verbose');
  const dirs = args.filter((a) => !a.startsWith('--'));
  if (dirs.length !== 1) {
    console.error('usage: recurrent-conformance <fixture-directory> [--verbose]');
    return 2;
  }
  const dir = resolve(dirs[0]!);
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
  } catch (error) {
    console.error(`recurrent-conformance: cannot read ${dir}: ${(error as Error).message}`);
    return 2;
  }
  if (files.length === 0) {
    console.error(`recurrent-conformance: no .json fixture in ${dir}`);
    return 2;
  }
  let passed = 0;
  let failed = 0;
  for (const file of files) {
    try {
      const report = runFixture(parseFixture(readFileSync(join(dir, file), 'utf8'), file.replace(/\.json$/, '')));
      const usage = Number.isFinite(report.worst.usage) ? `${(report.worst.usage * 100).toFixed(1)}%` : 'beyond any tolerance';
      console.log(`${report.passed ? 'PASS' : 'FAIL'} ${file}: worst ${report.worst.what} at ${usage} of its tolerance (${report.comparisons.length} checks)`);
      if (verbose || !report.passed) {
        for (const c of report.comparisons) if (verbose || c.usage > 1) console.log(`     ${c.usage <= 1 ? 'ok  ' : 'FAIL'} ${c.what}: ${(c.usage * 100).toFixed(2)}%`);
      }
      if (report.passed) passed++;
      else failed++;
    } catch (error) {
      console.log(`FAIL ${file}: ${(error as Error).message}`);
      failed++;
    }
  }
  console.log(`${passed} passed, ${failed} failed`);
  return failed === 0 ? 0 : 1;
}

process.exitCode = main(process.argv.slice(2));
