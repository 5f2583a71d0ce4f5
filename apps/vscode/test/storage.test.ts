import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CharLM, CharVocabulary, saveCharLM } from '@recurrent/topologies';
import { describe, expect, it } from 'vitest';
import { ModelStore } from '../src/storage.js';

const model = () => saveCharLM(new CharLM(CharVocabulary.fromText('abc'), { cell: 'gru', hiddenSize: 4 }));

describe('ModelStore', () => {
  it('has nothing before the first save, then loads exactly what it saved, leaving no temporary file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'store-'));
    const store = new ModelStore(join(dir, 'nested'));
    expect(await store.load()).toEqual({ kind: 'none' });
    const bytes = model();
    await store.save(bytes);
    await store.save(bytes);
    expect(readdirSync(join(dir, 'nested'))).toEqual(['model.rnn']);
    const loaded = await store.load();
    expect(loaded.kind).toBe('model');
    expect(Buffer.from((loaded as { bytes: Uint8Array }).bytes).equals(Buffer.from(bytes))).toBe(true);
  });

  it('sets a damaged file aside, keeps it for inspection, and says why', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'store-'));
    const store = new ModelStore(dir);
    const bytes = model();
    bytes[bytes.length - 10]! ^= 0xff;
    writeFileSync(store.path, bytes);
    const loaded = await store.load();
    expect(loaded.kind).toBe('corrupt');
    if (loaded.kind !== 'corrupt') return;
    expect(loaded.reason).toMatch(/checksum|CRC/i);
    expect(Buffer.from(readFileSync(loaded.setAside)).equals(Buffer.from(bytes))).toBe(true);
    expect(await store.load()).toEqual({ kind: 'none' });
  });
});
