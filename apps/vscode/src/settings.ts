import type { CellType } from '@recurrent/topologies';
import manifest from '../package.json' with { type: 'json' };

/** Every `recurrent.*` setting, read once into plain data (so the rest never touches the API). */
export interface Settings {
  cell: CellType;
  hiddenSize: number;
  layers: number;
  sequenceLength: number;
  learningRate: number;
  cpuBudget: number;
  temperature: number;
  maxCompletionLength: number;
  minConfidence: number;
  /** Wrong suggestions per 100 characters the adapting confidence aims at (0: fixed at minConfidence). */
  wrongPer100: number;
  contextLength: number;
  fileSizeLimit: number;
  exclude: string[];
  languages: string[];
  enabled: boolean;
  /** Start new models from the shipped base model (and keep it as a frozen expert). */
  baseModel: boolean;
  /** Learn the workspace's files too, not only the open documents. */
  learnWorkspace: boolean;
  workspaceMaxFiles: number;
  workspaceMaxBytes: number;
}

/** Every setting's key, in the order package.json declares them. */
const KEYS: readonly (keyof Settings)[] = [
  'cell', 'hiddenSize', 'layers', 'sequenceLength', 'learningRate', 'cpuBudget', 'temperature', 'maxCompletionLength',
  'minConfidence', 'wrongPer100', 'contextLength', 'fileSizeLimit', 'exclude', 'languages', 'enabled', 'baseModel', 'learnWorkspace',
  'workspaceMaxFiles', 'workspaceMaxBytes',
];

/**
 * The defaults, read from where VS Code reads them: package.json's `contributes.configuration`
 * (one place; the settings UI and the code cannot disagree).
 */
export const DEFAULT_SETTINGS: Settings = Object.fromEntries(KEYS.map((key) => {
  const declared = (manifest.contributes.configuration.properties as Record<string, { default?: unknown }>)[`recurrent.${key}`];
  if (declared?.default === undefined) throw new Error(`package.json declares no default for recurrent.${key}`);
  return [key, declared.default];
})) as unknown as Settings;

/** Reads the settings from anything shaped like a WorkspaceConfiguration, falling back to the defaults. */
export function readSettings(config: { get<T>(key: string): T | undefined }): Settings {
  const out = { ...DEFAULT_SETTINGS } as Record<keyof Settings, unknown>;
  for (const key of KEYS) {
    const value = config.get<unknown>(key);
    if (value !== undefined && typeof value === typeof DEFAULT_SETTINGS[key]) out[key] = value;
  }
  return out as unknown as Settings;
}
