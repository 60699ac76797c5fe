import type { ModelEnvironment, ModelRegistry } from '../core/evaluate';

/** What a command gets to work with; tests pass their own to capture the output. */
export interface CliContext {
  stdout(text: string): void;
  stderr(text: string): void;
  registry: ModelRegistry;
  env: ModelEnvironment;
}

/** One `npm run cli -- <name> …` command. Add a file in commands/ and list it in commands/index.ts. */
export interface Command {
  name: string;
  /** One line for the command list. */
  summary: string;
  /** Full help: usage line and options. */
  help: string;
  run(argv: readonly string[], context: CliContext): Promise<void>;
}
