// A small stand-in for the `vscode` module, enough for the unit tests of the provider and
// the engine's pure parts: positions, ranges, items, a configuration, a status bar item.
export class Position {
  constructor(readonly line: number, readonly character: number) {}
}

export class Range {
  constructor(readonly start: Position, readonly end: Position) {}
}

export class InlineCompletionItem {
  constructor(readonly insertText: string, readonly range?: Range) {}
}

export enum StatusBarAlignment { Left = 1, Right = 2 }

/** The messages the code under test showed the user, oldest first (tests read and clear it). */
export const shownMessages: { kind: 'error' | 'warning'; text: string }[] = [];

export const window = {
  createStatusBarItem: () => ({ text: '', tooltip: '', command: '', name: '', show() {}, dispose() {} }),
  showErrorMessage: (text: string) => (shownMessages.push({ kind: 'error', text }), Promise.resolve(undefined)),
  showWarningMessage: (text: string) => (shownMessages.push({ kind: 'warning', text }), Promise.resolve(undefined)),
};

/** No settings: every one reads as its declared default. */
export const workspace = {
  getConfiguration: () => ({ get: () => undefined }),
  textDocuments: [],
};

/** A text document over a string, with VS Code's offset ↔ position arithmetic. */
export class StubDocument {
  version = 1;
  constructor(public text: string, readonly languageId = 'plaintext', readonly uri = { scheme: 'file', toString: () => 'file:///doc.txt', fsPath: '/doc.txt' }) {}

  offsetAt(p: Position): number {
    const lines = this.text.split('\n');
    let offset = 0;
    for (let i = 0; i < p.line; i++) offset += lines[i]!.length + 1;
    return offset + p.character;
  }

  positionAt(offset: number): Position {
    const before = this.text.slice(0, offset).split('\n');
    return new Position(before.length - 1, before.at(-1)!.length);
  }

  getText(range?: Range): string {
    if (!range) return this.text;
    return this.text.slice(this.offsetAt(range.start), this.offsetAt(range.end));
  }
}
