// The run's temp folder: copies of the fixture workspace (test/e2e/workspace, a small project
// in which the unusual identifier `frobnicateWidget` recurs 30+ times), VS Code's user data
// folder with settings that make training fast and completions eager, and a browser profile.
import { cp, mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** User settings of the run (written to USER_DATA/User/settings.json). */
export const SETTINGS = {
  // The extension: a small model, the whole of one core, and completions offered early.
  'recurrent.hiddenSize': 64,
  'recurrent.cpuBudget': 1,
  'recurrent.minConfidence': 0.2,
  'editor.inlineSuggest.enabled': true,
  // Keep the suggest widget and other popups from covering the ghost text.
  'editor.quickSuggestions': { other: 'off', comments: 'off', strings: 'off' },
  'editor.suggestOnTriggerCharacters': false,
  'editor.wordBasedSuggestions': 'off',
  'editor.parameterHints.enabled': false,
  'editor.hover.enabled': false,
  // A quiet workbench: no welcome page, tips, telemetry, update checks, AI features or git.
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'workbench.enableExperiments': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'chat.disableAIFeatures': true,
  'git.enabled': false,
  'security.workspace.trust.enabled': false,
  'files.autoSave': 'off',
  'workbench.editor.languageDetection': false,
  'typescript.validate.enable': false,
  'typescript.suggest.enabled': false,
};

/**
 * @typedef {object} RunFolders
 * @property {string} root         the temp folder of the run (removed at the end)
 * @property {string} ghostWorkspace  workspace of part A (ghost text in the browser)
 * @property {string} testWorkspace   workspace of part B (extension-host tests)
 * @property {string} userDataDir  VS Code's user data folder
 * @property {string} profileDir   Chromium's (empty) profile
 */

/**
 * @param {string} fixture  test/e2e/workspace
 * @returns {Promise<RunFolders>}
 */
export async function makeRunFolders(fixture) {
  const root = await mkdtemp(join(tmpdir(), 'recurrent-e2e-'));
  const ghostWorkspace = join(root, 'ghost-workspace');
  const testWorkspace = join(root, 'test-workspace');
  // Copies, so the runs may edit and export into them; two, so part B does not start from the
  // model part A stored for its workspace.
  await cp(fixture, ghostWorkspace, { recursive: true });
  await cp(fixture, testWorkspace, { recursive: true });
  const userDataDir = join(root, 'user-data');
  await mkdir(join(userDataDir, 'User'), { recursive: true });
  await writeFile(join(userDataDir, 'User', 'settings.json'), `${JSON.stringify(SETTINGS, null, 2)}\n`);
  const profileDir = join(root, 'chromium-profile');
  await mkdir(profileDir, { recursive: true });
  return { root, ghostWorkspace, testWorkspace, userDataDir, profileDir };
}
