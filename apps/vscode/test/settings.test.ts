import { readFileSync } from 'node:fs';
import { DEFAULT_MIN_CONFIDENCE, DEFAULT_WRONG_PER_100 } from '@recurrent/completion';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, readSettings } from '../src/settings.js';

const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const declared: Record<string, { default: unknown; type: string }> = manifest.contributes.configuration.properties;

describe('settings', () => {
  it('reads every setting package.json declares, no more, with its declared default', () => {
    const keys = Object.keys(declared).map((k) => k.replace(/^recurrent\./, ''));
    expect(Object.keys(DEFAULT_SETTINGS).sort()).toEqual(keys.sort());
    const read = readSettings({ get: () => undefined });
    for (const key of keys) expect((read as unknown as Record<string, unknown>)[key]).toEqual(declared[`recurrent.${key}`]!.default);
    // The confidence the completion library was tuned for (the CLI uses it too).
    expect(DEFAULT_SETTINGS.minConfidence).toBe(DEFAULT_MIN_CONFIDENCE);
    expect(DEFAULT_SETTINGS.wrongPer100).toBe(DEFAULT_WRONG_PER_100);
  });

  it('takes a value of the declared type and ignores one of another type', () => {
    const values: Record<string, unknown> = { hiddenSize: 64, minConfidence: 'high', enabled: false, exclude: ['**/dist/**'] };
    const read = readSettings({ get: <T>(key: string) => values[key] as T | undefined });
    expect(read).toMatchObject({ hiddenSize: 64, minConfidence: DEFAULT_SETTINGS.minConfidence, enabled: false, exclude: ['**/dist/**'] });
  });
});
