/** Word characters as VS Code's word navigation sees them: letters, digits, combining marks, `_`. */
const WORD = /[\p{L}\p{N}\p{M}_]/u;
const SPACE = /\s/u;

/** Whether `ch` (one character) belongs to a word. */
export function isWordCharacter(ch: string): boolean {
  return WORD.test(ch);
}

/** Whether `ch` (one character) is whitespace. */
export function isWhitespace(ch: string): boolean {
  return SPACE.test(ch);
}
