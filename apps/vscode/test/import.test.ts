import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as vscode from 'vscode';
import { CharLM, CharVocabulary, decodeSafetensors, encodeSafetensors, exportCharLMSafetensors } from '@recurrent/topologies';
import { beforeEach, describe, expect, it } from 'vitest';
import { BARE_SAFETENSORS, Engine } from '../src/engine.js';
import { shownMessages } from './vscode-stub.js';

const vocabulary = CharVocabulary.fromText(['the quick brown fox']);
const lm = new CharLM(vocabulary, { cell: 'lstm', hiddenSize: 6, seed: 1 });

/** An engine over a fresh storage folder, nothing started (no worker): what importModel needs. */
function engine(): { engine: Engine; stored: string; log: string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'recurrent-import-'));
  const log: string[] = [];
  const context = { storageUri: { fsPath: dir }, globalStorageUri: { fsPath: dir }, extensionPath: dir } as unknown as vscode.ExtensionContext;
  const channel = { appendLine: (line: string) => log.push(line) } as unknown as vscode.OutputChannel;
  return { engine: new Engine(context, channel), stored: join(dir, 'model.rnn'), log };
}

function file(bytes: Uint8Array): vscode.Uri {
  const path = join(mkdtempSync(join(tmpdir(), 'recurrent-import-file-')), 'weights.safetensors');
  writeFileSync(path, bytes);
  return { fsPath: path } as vscode.Uri;
}

describe('importing safetensors into the extension', () => {
  beforeEach(() => void shownMessages.splice(0));

  it('refuses a state dict that names no vocabulary, saying how to add one, even while a model of that size is loaded', async () => {
    const { engine: e, stored, log } = engine();
    // The current model has the file's vocabulary size: its symbols must still not be assumed.
    const current = new CharLM(CharVocabulary.fromText(['THE QUICK BROWN FOX']), { cell: 'lstm', hiddenSize: 6 });
    expect(current.vocabulary.size).toBe(vocabulary.size);
    (e as unknown as { model: CharLM }).model = current;
    const bare = file(encodeSafetensors(decodeSafetensors(exportCharLMSafetensors(lm)).tensors));
    await e.importModel(bare);
    expect(shownMessages).toEqual([{ kind: 'error', text: `recurrent: cannot import ${bare.fsPath}: ${BARE_SAFETENSORS}` }]);
    expect(BARE_SAFETENSORS).toMatch(/recurrent import FILE\.safetensors --vocabulary vocabulary\.json.*then import the \.rnn/);
    expect(existsSync(stored)).toBe(false);
    expect(log.join('\n')).not.toMatch(/Imported/);
  });

  it('reads a file that names its vocabulary (here one with no head, refused for that instead)', async () => {
    const { engine: e, stored } = engine();
    const { tensors, metadata } = decodeSafetensors(exportCharLMSafetensors(lm));
    const headless = file(encodeSafetensors(tensors.filter((t) => !t.name.startsWith('linear.')), metadata));
    await e.importModel(headless);
    expect(shownMessages).toHaveLength(1);
    expect(shownMessages[0]!.text).toMatch(/cannot import .*: no output layer/);
    expect(existsSync(stored)).toBe(false);
  });
});
