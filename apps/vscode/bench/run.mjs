// `pnpm bench` in the extension: the host's event-loop delay and the completion latency while
// the worker trains (targets: event-loop delay p99 ≤ 10 ms, completion p95 < 10 ms at H = 256),
// then the keystrokes-saved simulation with the extension's engine (bench/keystrokes-rnn.mjs).
//   node bench/run.mjs [--quick] [--host-only]
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const app = join(here, '..');
const quick = process.argv.includes('--quick');
mkdirSync(join(app, 'dist'), { recursive: true });
await build({ entryPoints: [join(here, 'host.ts')], outfile: join(app, 'dist', 'bench-host.js'), bundle: true, platform: 'node', format: 'cjs', target: 'node20', logLevel: 'warning', define: { 'import.meta.url': 'undefined' } });

const corpus = join(app, '..', '..', 'packages');
console.log('extension host under training (the shipped base model + its adapted copy, the repository\'s own TypeScript as the open documents, a keystroke every 30 ms)');
for (const budget of quick ? [0.5] : [0.5, 1]) {
  const out = execFileSync(process.execPath, [join(app, 'dist', 'bench-host.js'), join(app, 'dist', 'worker.js'), corpus, quick ? '8' : '30', String(budget)], { encoding: 'utf8' });
  const r = JSON.parse(out);
  /** @param {number} v @param {number} limit */
  const ok = (v, limit) => (v <= limit ? "✓" : "✗");
  console.log(`  cpuBudget ${budget}: ${r.trainingSteps} training steps (${r.trainingCharsPerSecondWhileStepping.toLocaleString('en-US')} chars/s while stepping), ${r.snapshots} model snapshots loaded by the host; n-gram tables of ${r.corpusCharacters.toLocaleString('en-US')} chars counted on the host in ${r.ngramCountingMs} ms`);
  console.log(`    event-loop delay  p50 ${r.eventLoopDelayMs.p50.toFixed(2)} ms · p99 ${r.eventLoopDelayMs.p99.toFixed(2)} ms ${ok(r.eventLoopDelayMs.p99, 10)} (≤ 10) · max ${r.eventLoopDelayMs.max.toFixed(1)} ms`);
  console.log(`    host memory       ${r.hostMemoryMB.rss} MB resident, ${r.hostMemoryMB.heap} MB JS heap, with ${r.files} files (${r.corpusCharacters.toLocaleString('en-US')} chars) learned`);
  console.log(`    completion        p50 ${r.completionLatencyMs.p50.toFixed(2)} ms · p95 ${r.completionLatencyMs.p95.toFixed(2)} ms ${ok(r.completionLatencyMs.p95, 10)} (< 10) · ${r.completionLatencyMs.count} requests`);
}

if (!process.argv.includes('--host-only')) {
  console.log('\nkeystrokes saved (the extension\'s engine against word completion and a character n-gram, one run)');
  await import('./keystrokes-rnn.mjs');
}
