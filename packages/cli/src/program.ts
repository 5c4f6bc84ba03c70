// The commander program: one file per command under commands/, one exit
// table in errors.ts. Errors a user causes end as one stderr line.
import { Command, CommanderError } from 'commander';
import { registerCheck } from './commands/check.js';
import { registerGenerate } from './commands/generate.js';
import { registerInstallHooks } from './commands/install-hooks.js';
import { registerMcp } from './commands/mcp.js';
import { registerHealthcheck } from './commands/healthcheck.js';
import { registerRun } from './commands/run.js';
import { registerScan } from './commands/scan.js';
import { registerScanDiff } from './commands/scan-diff.js';
import { registerTls } from './commands/tls.js';
import type { CommandRunner } from './commands/types.js';
import { registerVersion } from './commands/version.js';
import { EXIT_ERROR, EXIT_OK, errorLine, exitStatusFor, isUserError } from './errors.js';
import type { Io } from './io.js';
import { processIo } from './io.js';
import { cliVersion } from './version.js';

export function createProgram(run: CommandRunner): Command {
  const program = new Command();
  program
    .name('pipelock')
    .description('Pipelock: an AI-agent firewall (DLP, prompt-injection and MCP scanning)')
    .version(cliVersion(), '-V, --version', 'print the version')
    .showSuggestionAfterError(true)
    .exitOverride();

  registerScanDiff(program, run);
  const git = program.command('git').description('git integrations');
  registerScanDiff(git, run);
  registerInstallHooks(git, run);
  registerScan(program, run);
  registerCheck(program, run);
  registerGenerate(program, run);
  registerVersion(program, run);
  registerMcp(program, run);
  registerRun(program, run);
  registerHealthcheck(program, run);
  registerTls(program, run);

  // Subcommands inherit exitOverride only when set before they are created; set it everywhere.
  const all = (c: Command): void => {
    c.exitOverride();
    for (const s of c.commands) all(s);
  };
  all(program);
  return program;
}

/** Run the CLI; resolves to the exit status (never calls process.exit). */
export async function main(argv: readonly string[] = process.argv, io: Io = processIo()): Promise<number> {
  let status = EXIT_OK;
  const run: CommandRunner = async (body) => {
    status = await body(io);
  };
  const program = createProgram(run);
  program.configureOutput({
    writeOut: (s) => io.stdout.write(s),
    writeErr: (s) => io.stderr.write(s),
  });
  try {
    await program.parseAsync([...argv]);
    return status;
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version end here with exit code 0; usage errors were already printed.
      return err.exitCode === 0 ? EXIT_OK : EXIT_ERROR;
    }
    io.stderr.write(`${errorLine(err)}\n`);
    if (!isUserError(err) && io.env.PIPELOCK_DEBUG && err instanceof Error && err.stack) io.stderr.write(`${err.stack}\n`);
    return exitStatusFor(err);
  }
}
