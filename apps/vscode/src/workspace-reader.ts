import { extname, posix } from 'node:path';
import * as vscode from 'vscode';
import { looksBinary } from './documents.js';
import type { Settings } from './settings.js';
import { type Candidate, gitignoreFilter, selectWorkspaceFiles } from './workspace.js';

/** Files found per folder before ranking, at most: the search itself must stay cheap. */
const SEARCH_LIMIT = 20_000;
/** Files stat'ed between two pauses, so the host's event loop keeps answering. */
const STAT_BATCH = 64;

const pause = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/**
 * The workspace's files to learn from, most relevant first (see selectWorkspaceFiles), read one
 * at a time with a pause after each: what is not valid UTF-8 or looks binary is skipped, as is
 * anything matching `recurrent.exclude` or a .gitignore. Stops when `cancelled()` turns true.
 */
export async function* readWorkspaceFiles(settings: Settings, activePath: string | undefined, cancelled: () => boolean): AsyncGenerator<{ key: string; text: string }> {
  const exclude = settings.exclude.length > 0 ? `{${settings.exclude.join(',')}}` : null;
  const decoder = new TextDecoder('utf-8', { fatal: true });
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    const relative = (uri: vscode.Uri) => posix.relative(folder.uri.path, uri.path);
    const ignores = await vscode.workspace.findFiles(new vscode.RelativePattern(folder, '**/.gitignore'), exclude, 500);
    const rules = await Promise.all(ignores.map(async (uri) => ({ path: relative(uri), text: (await readText(uri, decoder)) ?? '' })));
    const isIgnored = gitignoreFilter(rules);
    const found = (await vscode.workspace.findFiles(new vscode.RelativePattern(folder, '**/*'), exclude, SEARCH_LIMIT)).filter((uri) => !isIgnored(relative(uri)));
    const candidates: (Candidate & { uri: vscode.Uri })[] = [];
    for (let i = 0; i < found.length && !cancelled(); i += STAT_BATCH) {
      const stats = await Promise.allSettled(found.slice(i, i + STAT_BATCH).map((uri) => vscode.workspace.fs.stat(uri)));
      stats.forEach((s, k) => {
        if (s.status === 'fulfilled' && s.value.type === vscode.FileType.File) candidates.push({ uri: found[i + k]!, path: relative(found[i + k]!), size: s.value.size, mtime: s.value.mtime });
      });
      await pause();
    }
    const chosen = selectWorkspaceFiles(candidates, {
      maxFiles: settings.workspaceMaxFiles, maxBytes: settings.workspaceMaxBytes, fileSizeLimit: settings.fileSizeLimit,
    }, { preferredExtension: activePath === undefined ? undefined : extname(activePath) });
    for (const file of chosen) {
      if (cancelled()) return;
      const text = await readText(file.uri, decoder);
      if (text !== undefined && text.length > 0 && !looksBinary(text)) yield { key: file.uri.toString(), text };
      await pause();
    }
  }
}

/** A file's text with line ends as \n, or undefined when it cannot be read or is not UTF-8. */
async function readText(uri: vscode.Uri, decoder: TextDecoder): Promise<string | undefined> {
  try {
    return decoder.decode(await vscode.workspace.fs.readFile(uri)).replace(/\r\n?/g, '\n');
  } catch {
    return undefined;
  }
}
