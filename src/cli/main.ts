/**
 * The `pgpartition` CLI: thin commands that parse, call core/runtime/provider code, print, and
 * return an exit code. Each command lives in `commands/<name>.ts` and exports `register(program)`;
 * ./program.ts puts them together.
 */
import { runCli } from './errors';
import { createProgram } from './program';

void runCli(createProgram(), process.argv);
