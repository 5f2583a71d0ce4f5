import type { CellType } from '@recurrent/topologies';

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

export const DEFAULT_SETTINGS: Settings = {
  cell: 'lstm', hiddenSize: 256, layers: 1, sequenceLength: 64, learningRate: 0.003, cpuBudget: 0.5,
  temperature: 0, maxCompletionLength: 24, minConfidence: 0.7, contextLength: 256,
  fileSizeLimit: 1048576, exclude: ['**/node_modules/**', '**/.git/**', '**/*.min.js', '**/*.lock', '**/package-lock.json'],
  languages: [], enabled: true, baseModel: true, learnWorkspace: true, workspaceMaxFiles: 200, workspaceMaxBytes: 4_000_000,
};

/** Reads the settings from anything shaped like a WorkspaceConfiguration, falling back to the defaults. */
export function readSettings(config: { get<T>(key: string): T | undefined }): Settings {
  const out = { ...DEFAULT_SETTINGS } as Record<keyof Settings, unknown>;
  for (const key of Object.keys(DEFAULT_SETTINGS) as (keyof Settings)[]) {
    const value = config.get<unknown>(key);
    if (value !== undefined && typeof value === typeof DEFAULT_SETTINGS[key]) out[key] = value;
  }
  return out as unknown as Settings;
}
