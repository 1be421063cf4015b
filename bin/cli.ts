/**
 * @module bin/cli
 * `pictograph` entry point: picks the sub-command and runs it. Commands are imported lazily so that, say,
 * `pictograph info` never loads the HTTP stack.
 */
import type { Command, CommandIo } from './command.js';
import { UsageError } from './command.js';
import { packageVersion } from './package-version.js';

/** Sub-commands by name. Add one line per command; each module exports its command object. */
const COMMANDS: Readonly<Record<string, () => Promise<Command>>> = {
  generate: async () => (await import('./commands/generate.js')).generateCommand,
  graph: async () => (await import('./commands/graph.js')).graphCommand,
  info: async () => (await import('./commands/info.js')).infoCommand,
  'make-model': async () => (await import('./commands/make-model.js')).makeModelCommand,
  serve: async () => (await import('./commands/serve.js')).serveCommand,
};

/** `pictograph --rest_port 8000 ...` (flags, no command) is the server, as OVMS is started. */
const DEFAULT_COMMAND = 'serve';

async function helpText(): Promise<string> {
  const lines = ['Usage: pictograph <command> [flags]', '', 'Commands:'];
  for (const load of Object.values(COMMANDS)) {
    const command = await load();
    lines.push(`  ${command.name.padEnd(12)} ${command.summary}`);
  }
  lines.push('  help         this text', '  --version    the Pictograph version', '',
    `Flags without a command run '${DEFAULT_COMMAND}' (pictograph --rest_port 8000 --model_name NAME --model_path DIR);`,
    `'pictograph ${DEFAULT_COMMAND} --help' lists the server's flags.`, '');
  return lines.join('\n');
}

export async function main(argv: readonly string[], io: CommandIo = {
  stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd(),
}): Promise<number> {
  if (argv[0] !== undefined && argv[0].startsWith('-') && !['--version', '--help', '-h'].includes(argv[0])) {
    return main([DEFAULT_COMMAND, ...argv], io);
  }
  const [first, ...rest] = argv;
  if (first === '--version') {
    io.stdout.write(`pictograph ${packageVersion()}\n`);
    return 0;
  }
  if (first === undefined || first === 'help' || first === '--help' || first === '-h') {
    io.stdout.write(await helpText());
    return first === undefined ? 2 : 0;
  }
  const load = COMMANDS[first];
  if (load === undefined) {
    io.stderr.write(`pictograph: unknown command '${first}'. Run 'pictograph help' for the list.\n`);
    return 2;
  }
  try {
    return await (await load()).run(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`pictograph ${first}: ${error.message}\n`);
      return error.exitCode;
    }
    throw error;
  }
}
