/**
 * @recurrent/cli — the `recurrent` command as a library: `run(argv)` executes it and resolves
 * to the exit code; `program()` is the commander definition.
 *
 * @packageDocumentation
 */
export { program, run } from './cli.js';
export { EXIT, CliError } from './errors.js';
