import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadCharLM } from '@recurrent/topologies';

export type Loaded =
  | { kind: 'none' }
  | { kind: 'model'; bytes: Uint8Array }
  /** The file was unreadable or invalid; it was moved aside to `setAside`. */
  | { kind: 'corrupt'; reason: string; setAside: string };

/**
 * The model of one workspace, in the extension's storage folder. Writes are atomic (a temporary
 * file, then a rename), so a crash mid-write leaves the previous model; reads are validated,
 * and a damaged file is renamed aside (kept for inspection) instead of crashing the host.
 */
export class ModelStore {
  readonly path: string;

  constructor(readonly folder: string, name = 'model.rnn') {
    this.path = join(folder, name);
  }

  async load(): Promise<Loaded> {
    let bytes: Uint8Array;
    try {
      bytes = await readFile(this.path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'none' };
      return this.setAside(`cannot read it: ${(error as Error).message}`);
    }
    try {
      loadCharLM(bytes);
      return { kind: 'model', bytes };
    } catch (error) {
      return this.setAside((error as Error).message);
    }
  }

  async save(bytes: Uint8Array): Promise<void> {
    await mkdir(this.folder, { recursive: true });
    const temporary = `${this.path}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      await writeFile(temporary, bytes);
      await rename(temporary, this.path);
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
  }

  async remove(): Promise<void> {
    await rm(this.path, { force: true });
  }

  private async setAside(reason: string): Promise<Loaded> {
    const setAside = `${this.path}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    try {
      await rename(this.path, setAside);
    } catch {
      // Could not move it: still do not use it.
    }
    return { kind: 'corrupt', reason, setAside };
  }
}
