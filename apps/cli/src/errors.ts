/**
 * Exit codes of `recurrent`, so scripts can tell failures apart:
 *   0 success · 1 unexpected failure · 2 wrong usage (unknown option, bad value)
 *   3 unusable input text (missing, empty, binary, not UTF-8, too large)
 *   4 unusable model file (missing, damaged, another kind) · 130 interrupted (Ctrl-C; state saved)
 */
export const EXIT = { ok: 0, failure: 1, usage: 2, input: 3, model: 4, interrupted: 130 } as const;

/** An error meant for the user: the message says what is wrong and what to do. */
export class CliError extends Error {
  constructor(message: string, readonly exitCode: number) {
    super(message);
    this.name = 'CliError';
  }
}
