import { parseArgs } from 'node:util';
import { MelabError } from './labels/issues';
import { COMMANDS } from './cli/commands';
import type { Command } from './cli/command';

const USAGE = (): string => {
  const width = Math.max(...Object.keys(COMMANDS).map((n) => n.length));
  return 'usage: melab <command> [options]\n\ncommands:\n' +
  Object.entries(COMMANDS)
    .map(([name, load]) => `  ${name.padEnd(width)}  ${load().summary}`)
    .join('\n') +
  '\n\nmelab <command> --help shows the options of one command.\n';
};

/** Runs one CLI invocation. Errors end as one line on stderr and exit code 2, never a stack trace. */
export async function main(argv: string[]): Promise<void> {
  if (process.stdout.listeners('error').indexOf(endOnClosedPipe) < 0) process.stdout.on('error', endOnClosedPipe);
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h') {
    process.stdout.write(USAGE());
    return;
  }
  const load = COMMANDS[name];
  if (!load) return exitWith(`melab: unknown command "${name}" (commands: ${Object.keys(COMMANDS).join(', ')})`);
  const command = load();
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(`usage: ${command.usage}\n\n${command.summary}\n`);
    return;
  }
  try {
    const { values, positionals } = parseArgs({ args: negativeNumbersAsValues(rest, command.options), options: command.options, allowPositionals: true, strict: true });
    // a command that takes no bare arguments refuses them instead of ignoring them (`--ratings a b` reads one file)
    if (positionals.length > 0 && command.run.length < 2) {
      return exitWith(`melab ${name}: unexpected argument "${positionals[0]}" (each value follows its option; see melab ${name} --help)`);
    }
    const code = await command.run(values as Record<string, never>, positionals);
    process.exitCode = code ?? 0;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EPIPE') return; // the reader closed the pipe: output ends there
    const message = err instanceof MelabError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')
      ? (err as Error).message
      : `internal error: ${(err as Error).message ?? String(err)}`;
    exitWith(`melab ${name}: ${message.split('\n')[0]}`);
  }
}

/**
 * `--bootstrap -5`: node's parseArgs reads "-5" as an option ("argument is ambiguous"). A number after an
 * option that takes a value is that value, so the command can name the option and the value it refuses.
 */
function negativeNumbersAsValues(args: string[], options: Command['options']): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const name = /^--([^=]+)$/.exec(args[i])?.[1];
    if (name !== undefined && Object.prototype.hasOwnProperty.call(options, name) && options[name].type === 'string' && i + 1 < args.length && /^-(\d|\.\d|inf)/i.test(args[i + 1])) {
      out.push(`${args[i]}=${args[i + 1]}`);
      i++;
    } else out.push(args[i]);
  }
  return out;
}

/** A reader that stops early (`melab splits | head`) closes the pipe: that ends the output, not in an error. */
function endOnClosedPipe(err: NodeJS.ErrnoException): void {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw err;
}

function exitWith(line: string): void {
  process.stderr.write(line + '\n');
  process.exitCode = 2;
}

if (require.main === module) void main(process.argv.slice(2));
