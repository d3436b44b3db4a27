/**
 * The `pgpartition` command tree: every command registered on one commander program. Apart from
 * main.ts so a test can read the commands and options (the example pipelines call only these).
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

/** A fresh program with every command (parsing sets option values on it: one program per parse). */
export function createProgram(): Command {
  const program = new Command('pgpartition')
    .description('Time-partitioned PostgreSQL tables as code')
    .option('--debug', 'print stack traces with errors');
  for (const register of [registerProvider, registerDemo, registerPlan, registerApply, registerDeploy, registerStatus, registerPlanSummary, registerMaintain, registerExplain, registerLocalCitus]) {
    register(program);
  }
  return program;
}
