/**
 * Shelfcast's command line: `npm run cli -- <command> [options]`. Dispatches to commands/<name>.ts.
 * Exit codes: 0 done, 1 bad input file or data, 2 bad arguments, 3 unexpected failure.
 */
import { pathToFileURL } from 'node:url';
import { InputError, UsageError } from './args';
import type { CliContext } from './command';
import { COMMANDS } from './commands';
import { nodeEnvironment } from './env';
import { cliRegistry } from './models';

function overview(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'Usage: npm run cli -- <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Run "npm run cli -- <command> --help" for a command\'s options.',
  ].join('\n');
}

export async function main(argv: readonly string[], context?: Partial<CliContext>): Promise<number> {
  const ctx: CliContext = {
    stdout: context?.stdout ?? ((text) => process.stdout.write(text)),
    stderr: context?.stderr ?? ((text) => process.stderr.write(text)),
    registry: context?.registry ?? cliRegistry(),
    env: context?.env ?? nodeEnvironment,
  };
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    ctx.stdout(`${overview()}\n`);
    return name ? 0 : 2;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    ctx.stderr(`Unknown command "${name}".\n\n${overview()}\n`);
    return 2;
  }
  try {
    await command.run(rest, ctx);
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      ctx.stderr(`Error: ${error.message}\n\n${command.help}\n`);
      return 2;
    }
    if (error instanceof InputError) {
      ctx.stderr(`Error: ${error.message}\n`);
      return 1;
    }
    if (error instanceof Error && (error.name === 'UnknownModelError' || error instanceof RangeError)) {
      ctx.stderr(`Error: ${error.message}\n`);
      return 2;
    }
    ctx.stderr(`Unexpected error: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
    return 3;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.exitCode = await main(process.argv.slice(2));
}
