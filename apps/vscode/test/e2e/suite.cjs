// Extension-host tests of recurrent's VS Code extension, run inside a real VS Code (code-server)
// by scripts/e2e.mjs as the `extensionTestsPath`. VS Code loads this file in the extension host
// and calls `run()`: a resolved promise is exit code 0, a rejection is 1, and the workbench hands
// the code to the test driver (window.codeAutomationExit). No test framework: the tests below run
// in order (later ones use the model the earlier ones trained), each with a time limit, and
// every result is printed (the console reaches the driver's log; it shows the lines that start
// with "[suite] ").
'use strict';

const assert = require('node:assert/strict');
const { mkdir, readFile, rm, stat } = require('node:fs/promises');
const { join } = require('node:path');
const vscode = require('vscode');

const EXTENSION_ID = 'recurrent.recurrent-vscode';
const COMMANDS = [
  'recurrent.trainNow', 'recurrent.togglePause', 'recurrent.resetModel', 'recurrent.exportModel',
  'recurrent.importModel', 'recurrent.showReport', 'recurrent.toggleCompletions',
];
/** The fixture's recurring identifier, and what the model should make of its start. */
const WORD_START = 'frobni';
const WORD_REST = 'cate';
const REPORT_TITLE = 'recurrent: training report';
/** Longer than the extension's quiet times before it takes in an edit (0.75 s + 1.5 s). */
const PAUSE_MS = 4_000;

/**
 * What these tests use of the extension's exports (`activate` returns its Engine): the settings
 * it read and the inline completion provider it registered.
 * @typedef {object} EngineView
 * @property {{ hiddenSize: number, cpuBudget: number, minConfidence: number, enabled: boolean, baseModel: boolean }} settings
 * @property {vscode.InlineCompletionItemProvider} provider
 */

/**
 * Prints a line of the test report (marked, so the driver can pick it out of the window's log).
 * @param {string} line
 */
function say(line) {
  console.log(`[suite] ${line}`);
}

/** @type {{ name: string, timeoutMs: number, fn: () => Promise<void> }[]} */
const tests = [];
/**
 * @param {string} name
 * @param {number} timeoutMs
 * @param {() => Promise<void>} fn
 */
function test(name, timeoutMs, fn) {
  tests.push({ name, timeoutMs, fn });
}

/** State the tests share, filled in as they go. */
const state = {
  /** @type {EngineView | undefined} */
  engine: undefined,
  /** @type {string} a folder in the workspace for exported models */
  out: '',
  /** @type {vscode.Uri | undefined} the .rnn exported after training */
  exported: undefined,
  /** @type {number | undefined} rows of weight_ih_l0 of a copy of the base model */
  baseRows: undefined,
  /** @type {vscode.TextDocument | undefined} the document the word was typed into */
  typed: undefined,
};

function engine() {
  assert.ok(state.engine, 'the extension did not activate (an earlier test failed)');
  return state.engine;
}

// ---- the tests ------------------------------------------------------------------------------

test('the extension is installed and activates', 30_000, async () => {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is not among the extensions`);
  await extension.activate();
  assert.equal(extension.isActive, true);
  const exports = /** @type {EngineView} */ (extension.exports);
  assert.ok(exports && exports.provider && exports.settings, 'activate() should return the engine (with .provider and .settings)');
  state.engine = exports;
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'no workspace folder is open');
  state.out = join(folder.uri.fsPath, 'exported');
  await rm(state.out, { recursive: true, force: true });
  await mkdir(state.out, { recursive: true });
});

test('the user settings of the run reach the extension', 5_000, async () => {
  const { settings } = engine();
  assert.equal(settings.hiddenSize, 64);
  assert.equal(settings.cpuBudget, 1);
  assert.equal(settings.minConfidence, 0.2);
  assert.equal(settings.enabled, true);
});

test('all 7 commands are contributed and registered', 10_000, async () => {
  const extension = /** @type {vscode.Extension<unknown>} */ (vscode.extensions.getExtension(EXTENSION_ID));
  /** @type {{ command: string }[]} */
  const contributed = extension.packageJSON.contributes.commands;
  assert.deepEqual(contributed.map((c) => c.command).sort(), [...COMMANDS].sort());
  const registered = new Set(await vscode.commands.getCommands(true));
  const missing = COMMANDS.filter((c) => !registered.has(c));
  assert.deepEqual(missing, [], `commands not registered: ${missing.join(', ')}`);
});

test('Train Now trains on an open document until there is a model to export (.rnn)', 120_000, async () => {
  await openFixture();
  await vscode.commands.executeCommand('recurrent.trainNow');
  const target = vscode.Uri.file(join(state.out, 'trained.rnn'));
  const bytes = await exportWhenReady(target, 100_000);
  assert.equal(Buffer.from(bytes.subarray(0, 8)).toString('latin1'), 'RECURRNT', 'the native model file starts with its magic');
  state.exported = target;
});

test('Export Model writes safetensors as the PyTorch CharLM\'s state dict', 30_000, async () => {
  const header = await exportSafetensors('trained.safetensors');
  const w = header['rnn.weight_ih_l0'];
  assert.ok(w, `no rnn.weight_ih_l0 among ${Object.keys(header).join(', ')}`);
  assert.equal(w.dtype, 'F32');
  // A copy of the base model: byte-level (256 inputs), an LSTM's 4 gates of its hidden size.
  assert.equal(w.shape[1], 256, 'the model reads UTF-8 bytes: 256 columns in weight_ih_l0');
  assert.equal(w.shape[0], 4 * (header['rnn.weight_hh_l0']?.shape[1] ?? NaN), 'an LSTM has 4 × hidden rows in weight_ih_l0');
  state.baseRows = w.shape[0];
  assert.ok(header['linear.weight'], 'the output layer is there as linear.weight');
});

test('the inline completion provider continues the recurring word as it is typed', 150_000, async () => {
  // A new document (learned from too) holding the fixture, then the start of the word typed on a
  // new line a key at a time, the provider asked after each key as VS Code does.
  const base = `${(await readFile(fixturePath(), 'utf8')).trimEnd()}\n\n`;
  const doc = await vscode.workspace.openTextDocument({ language: 'typescript', content: base });
  const editor = await vscode.window.showTextDocument(doc);
  const deadline = Date.now() + 140_000;
  for (;;) {
    let offered = '';
    for (const ch of WORD_START) {
      await editor.edit((edit) => edit.insert(end(doc), ch));
      offered = await complete(doc, end(doc));
    }
    if (offered.startsWith(WORD_REST)) {
      say(`        typing "${WORD_START}", the provider offers ${JSON.stringify(offered)}`);
      break;
    }
    // Not yet: clear the line, train some more, type it again.
    await editor.edit((edit) => edit.delete(new vscode.Range(doc.positionAt(base.length), end(doc))));
    if (Date.now() > deadline) assert.fail(`typing "${WORD_START}", the provider offered ${JSON.stringify(offered)}, not "${WORD_REST}…"`);
    await vscode.commands.executeCommand('recurrent.trainNow');
    await sleep(5_000);
  }
  state.typed = doc;
});

test('…and still after a pause there (once the extension has caught up with the edit)', 30_000, async () => {
  const doc = state.typed;
  assert.ok(doc, 'nothing was typed (the previous test failed)');
  try {
    // The extension takes in an edit after a quiet time (the document after 0.75 s, its
    // continuation cache 1.5 s later); the user who stops there and asks again (Alt+\) must
    // still be offered the word.
    await sleep(PAUSE_MS);
    const offered = await complete(doc, end(doc));
    assert.ok(offered.startsWith(WORD_REST), `${PAUSE_MS / 1000} s after typing "${WORD_START}" at the end of the document, the provider offered ${JSON.stringify(offered)}, not "${WORD_REST}…"`);
    say(`        after a pause, the provider offers ${JSON.stringify(offered)}`);
  } finally {
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  }
});

test('Pause/Resume Training stops the training and starts it again', 60_000, async () => {
  await vscode.commands.executeCommand('recurrent.trainNow'); // 200 steps to do
  await sleep(500);
  await vscode.commands.executeCommand('recurrent.togglePause');
  await sleep(1_500); // the worker has paused and said so
  const paused1 = await exportSafetensorsBytes('paused-1.safetensors');
  await sleep(1_500);
  const paused2 = await exportSafetensorsBytes('paused-2.safetensors');
  assert.ok(Buffer.compare(paused1, paused2) === 0, 'the weights changed while training was paused');
  await vscode.commands.executeCommand('recurrent.togglePause');
  const deadline = Date.now() + 30_000;
  for (;;) {
    await sleep(1_500);
    const resumed = await exportSafetensorsBytes('resumed.safetensors');
    if (Buffer.compare(paused2, resumed) !== 0) break;
    if (Date.now() > deadline) assert.fail('the weights did not change after training resumed');
  }
});

test('Toggle Completions flips recurrent.enabled, and the provider follows it', 30_000, async () => {
  const config = () => vscode.workspace.getConfiguration('recurrent');
  assert.equal(config().get('enabled'), true);
  const doc = await vscode.workspace.openTextDocument({ language: 'typescript', content: `${(await readFile(fixturePath(), 'utf8')).trimEnd()}\n${WORD_START}` });
  const at = doc.positionAt(doc.getText().length);

  await vscode.commands.executeCommand('recurrent.toggleCompletions');
  await until(() => config().get('enabled') === false && engine().settings.enabled === false, 10_000, 'recurrent.enabled did not turn false');
  assert.equal(await complete(doc, at), '', 'completions are off: the provider offers nothing');

  await vscode.commands.executeCommand('recurrent.toggleCompletions');
  await until(() => config().get('enabled') === true && engine().settings.enabled === true, 10_000, 'recurrent.enabled did not turn back to true');
});

test('Reset Model goes back to the base model, or with recurrent.baseModel off starts a model of the current settings; Import Model brings the exported one back (safetensors and .rnn)', 240_000, async () => {
  assert.ok(state.exported && state.baseRows, 'no exported model (an earlier test failed)');
  await vscode.commands.executeCommand('recurrent.resetModel');
  const back = await exportSafetensorsWhenReady('reset-base.safetensors', 60_000);
  assert.equal(back['rnn.weight_ih_l0']?.shape[0], state.baseRows, 'after Reset Model the model is the base model again');

  const config = vscode.workspace.getConfiguration('recurrent');
  // A model from scratch of another size, so the import is visible in the shapes.
  await config.update('baseModel', false, vscode.ConfigurationTarget.Global);
  await config.update('hiddenSize', 32, vscode.ConfigurationTarget.Global);
  try {
    await until(() => engine().settings.hiddenSize === 32 && !engine().settings.baseModel, 10_000, 'the engine did not see recurrent.hiddenSize 32 and baseModel off');
    await vscode.commands.executeCommand('recurrent.resetModel');
    const reset = await exportSafetensorsWhenReady('reset.safetensors', 60_000);
    assert.equal(reset['rnn.weight_ih_l0']?.shape[0], 4 * 32, 'after Reset Model the model has the new size (32)');

    // safetensors (a PyTorch state dict with its config and vocabulary) make their own model.
    await vscode.commands.executeCommand('recurrent.importModel', vscode.Uri.file(join(state.out, 'trained.safetensors')));
    const fromSafetensors = await exportSafetensorsWhenReady('imported-safetensors.safetensors', 60_000);
    assert.equal(fromSafetensors['rnn.weight_ih_l0']?.shape[0], state.baseRows, 'after Import Model of the safetensors the model is the exported one');
    await vscode.commands.executeCommand('recurrent.resetModel');
    const again = await exportSafetensorsWhenReady('reset-again.safetensors', 60_000);
    assert.equal(again['rnn.weight_ih_l0']?.shape[0], 4 * 32, 'Reset Model gives the new size again');

    await vscode.commands.executeCommand('recurrent.importModel', state.exported);
    const imported = await exportSafetensors('imported.safetensors');
    assert.equal(imported['rnn.weight_ih_l0']?.shape[0], state.baseRows, 'after Import Model the model is the exported one');
  } finally {
    await config.update('hiddenSize', 64, vscode.ConfigurationTarget.Global);
    await config.update('baseModel', true, vscode.ConfigurationTarget.Global);
  }
});

test('Show Training Report opens the report webview', 20_000, async () => {
  await vscode.commands.executeCommand('recurrent.showReport');
  await until(() => reportTabs().length === 1, 10_000, `no tab titled "${REPORT_TITLE}"`);
  const [tab] = reportTabs();
  assert.ok(tab && tab.input instanceof vscode.TabInputWebview, 'the report is a webview');
  await vscode.commands.executeCommand('recurrent.showReport'); // a second time: the same panel comes forward
  await sleep(500);
  assert.equal(reportTabs().length, 1, 'Show Training Report opened a second panel');
});

test('Reset Model runs, and a new model trains', 90_000, async () => {
  await vscode.commands.executeCommand('recurrent.resetModel');
  await vscode.commands.executeCommand('recurrent.trainNow');
  const bytes = await exportWhenReady(vscode.Uri.file(join(state.out, 'after-reset.rnn')), 80_000);
  assert.equal(Buffer.from(bytes.subarray(0, 8)).toString('latin1'), 'RECURRNT');
});

// ---- helpers --------------------------------------------------------------------------------

function fixturePath() {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'no workspace folder is open');
  return join(folder.uri.fsPath, 'src', 'widgets.ts');
}

/** Opens the fixture with the recurring word in an editor (so the extension learns from it). */
async function openFixture() {
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(fixturePath()));
  await vscode.window.showTextDocument(doc);
  return doc;
}

/** @param {vscode.TextDocument} doc */
function end(doc) {
  return doc.positionAt(doc.getText().length);
}

/**
 * What the extension's inline completion provider offers at `at` (its first item's text).
 * @param {vscode.TextDocument} doc
 * @param {vscode.Position} at
 */
async function complete(doc, at) {
  const source = new vscode.CancellationTokenSource();
  /** @type {vscode.InlineCompletionContext} */
  const context = { triggerKind: vscode.InlineCompletionTriggerKind.Invoke, selectedCompletionInfo: undefined };
  const result = await engine().provider.provideInlineCompletionItems(doc, at, context, source.token);
  source.dispose();
  const items = Array.isArray(result) ? result : (result?.items ?? []);
  const first = items[0]?.insertText;
  return typeof first === 'string' ? first : (first?.value ?? '');
}

/**
 * Exports the model to `target`, again and again (with Train Now) until there is one to export
 * (before the first snapshot the command warns and writes nothing). Returns the file's bytes.
 * @param {vscode.Uri} target
 * @param {number} timeoutMs
 */
async function exportWhenReady(target, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await rm(target.fsPath, { force: true });
    await vscode.commands.executeCommand('recurrent.exportModel', target);
    if (await exists(target.fsPath)) return new Uint8Array(await readFile(target.fsPath));
    if (Date.now() > deadline) assert.fail(`Export Model wrote no ${target.fsPath} within ${timeoutMs / 1000} s`);
    await sleep(1_000);
  }
}

/**
 * @typedef {Record<string, { dtype: string, shape: number[], data_offsets: [number, number] }>} SafetensorsHeader
 */

/**
 * Exports the model as safetensors and checks the container: an 8-byte little-endian header
 * length, a JSON header, and tensor data exactly filling the rest. Returns the header's tensors.
 * @param {string} name
 * @returns {Promise<SafetensorsHeader>}
 */
async function exportSafetensors(name) {
  return parseSafetensors(await exportSafetensorsBytes(name));
}

/**
 * @param {string} name
 * @param {number} timeoutMs
 * @returns {Promise<SafetensorsHeader>}
 */
async function exportSafetensorsWhenReady(name, timeoutMs) {
  return parseSafetensors(Buffer.from(await exportWhenReady(vscode.Uri.file(join(state.out, name)), timeoutMs)));
}

/** @param {string} name */
async function exportSafetensorsBytes(name) {
  const target = vscode.Uri.file(join(state.out, name));
  await rm(target.fsPath, { force: true });
  await vscode.commands.executeCommand('recurrent.exportModel', target);
  assert.ok(await exists(target.fsPath), `Export Model wrote no ${target.fsPath}`);
  return readFile(target.fsPath);
}

/**
 * @param {Buffer} bytes
 * @returns {SafetensorsHeader}
 */
function parseSafetensors(bytes) {
  assert.ok(bytes.length >= 8, 'a safetensors file is at least 8 bytes');
  const headerLength = Number(bytes.readBigUInt64LE(0));
  assert.ok(headerLength > 0 && 8 + headerLength <= bytes.length, `header length ${headerLength} does not fit a ${bytes.length}-byte file`);
  /** @type {Record<string, any>} */
  const header = JSON.parse(bytes.subarray(8, 8 + headerLength).toString('utf8'));
  /** @type {SafetensorsHeader} */
  const tensors = {};
  let end = 0;
  for (const [name, entry] of Object.entries(header)) {
    if (name === '__metadata__') continue;
    const [from, to] = entry.data_offsets;
    const count = entry.shape.reduce((/** @type {number} */ a, /** @type {number} */ b) => a * b, 1);
    assert.equal(to - from, count * 4, `${name}: ${to - from} bytes for ${count} float32 values`);
    end = Math.max(end, to);
    tensors[name] = entry;
  }
  assert.equal(8 + headerLength + end, bytes.length, 'the tensors fill the file after the header');
  return tensors;
}

function reportTabs() {
  return vscode.window.tabGroups.all.flatMap((group) => group.tabs).filter((tab) => tab.label === REPORT_TITLE);
}

/** @param {string} path */
async function exists(path) {
  try {
    return (await stat(path)).size > 0;
  } catch {
    return false;
  }
}

/**
 * Waits until `check()` holds, polling.
 * @param {() => boolean} check
 * @param {number} timeoutMs
 * @param {string} message
 */
async function until(check, timeoutMs, message) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) assert.fail(message);
    await sleep(100);
  }
}

/** @param {number} ms */
function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * @template T
 * @param {Promise<T>} promise
 * @param {number} ms
 * @returns {Promise<T>}
 */
function withTimeout(promise, ms) {
  /** @type {NodeJS.Timeout | undefined} */
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`timed out after ${ms / 1000} s`)), ms); }),
  ]).finally(() => clearTimeout(timer));
}

// ---- the runner -----------------------------------------------------------------------------

/**
 * Runs every test in order and rejects if any failed (VS Code turns that into exit code 1).
 * @returns {Promise<void>}
 */
async function run() {
  let passed = 0;
  let failed = 0;
  say(`recurrent extension-host tests (VS Code ${vscode.version})`);
  for (const { name, timeoutMs, fn } of tests) {
    const started = Date.now();
    try {
      await withTimeout(fn(), timeoutMs);
      passed++;
      say(`  ok    ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    } catch (error) {
      failed++;
      const e = /** @type {Error} */ (error);
      say(`  FAIL  ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)\n        ${(e.stack ?? e.message).split('\n').join('\n        ')}`);
    }
  }
  say(`${passed} passed, ${failed} failed`);
  if (failed > 0) throw new Error(`${failed} of ${tests.length} extension-host tests failed`);
}

module.exports = { run };
