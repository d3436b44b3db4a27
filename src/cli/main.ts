/**
 * The `pgpartition` CLI: thin commands that parse, call core/runtime/provider code, print, and
 * return an exit code. Each command lives in `commands/<name>.ts` and exports `register(program)`.
 */
import { Command } from 'commander';
import { register as registerProvider } from './commands/provider';
import { register as registerDemo } from './commands/demo';
import { register as registerPlan } from './commands/plan';
import { register as registerApply } from './commands/apply';
import { register as registerDeploy } from './commands/deploy';
import { register as registerStatus } from './commands/status';
import { register as registerPlanSummary } from './commands/plan-summary';
import { register as registerMaintain } from './commands/maintain';
import { register as registerExplain } from './commands/explain';
import { register as registerLocalCitus } from './commands/local-citus';
import { runCli } from './errors';

const program = new Command('pgpartition')
  .description('Time-partitioned PostgreSQL tables as code')
  .option('--debug', 'print stack traces with errors');

registerProvider(program);
registerDemo(program);
registerPlan(program);
registerApply(program);
registerDeploy(program);
registerStatus(program);
registerPlanSummary(program);
registerMaintain(program);
registerExplain(program);
registerLocalCitus(program);

void runCli(program, process.argv);
