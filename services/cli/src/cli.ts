// The product CLI's commands and their dispatch; main.ts wires it to the process.
import type { CliCommand, CliIo } from './cli-io.ts';

/** Commands load lazily: a command's dependencies cost nothing to the others. */
export const COMMANDS: Readonly<Record<string, { summary: string; load: () => Promise<CliCommand> }>> = {
  migrate: {
    summary: 'apply pending database migrations to DATABASE_URL',
    load: async () => (await import('./commands/migrate.command.ts')).migrateCommand,
  },
  clients: {
    summary: 'register API clients and issue or revoke their keys',
    load: async () => (await import('./commands/clients.command.ts')).clientsCommand,
  },
  calendar: {
    summary: 'business days: a month, the next business day, coverage',
    load: async () => (await import('./commands/calendar.command.ts')).calendarCommand,
  },
  statements: {
    summary: 'parse a bank statement file (camt.05x, MT940/942, BAI2, CSV) and check it adds up',
    load: async () => (await import('./commands/statements.command.ts')).statementsCommand,
  },
  liquidity: {
    summary: 'treasury: the pre-funding plan before weekends and holidays, and its backtest',
    load: async () => (await import('./commands/liquidity.command.ts')).liquidityCommand,
  },
  ops: {
    summary: 'ops: stuck payouts, timeline, re-poll, retry, cancel, force-resolve (maker-checker), bulk actions',
    load: async () => (await import('./commands/ops.command.ts')).opsCommand,
  },
};

/** `./dev payout --help`: every command with its one-line summary. */
export function cliUsage(): string {
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(12)} ${c.summary}`);
  return [
    'usage: ./dev payout <command> [options]',
    '',
    'commands:',
    ...lines,
    '',
    'every command takes --help (-h): its forms and options',
  ].join('\n');
}

/**
 * Runs one command line (`./dev payout <command> …`) and returns its exit code: the usage
 * listing the commands for `--help`/`help` (exit 0) or no command (exit 2), else the command.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    io.stdout(cliUsage());
    return name === undefined ? 2 : 0;
  }
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (command === undefined) {
    io.stderr(`error [PAYOUT_E_VALIDATION]: unknown command '${name}' — run ./dev payout help to see the commands`);
    return 2;
  }
  return (await command.load())(rest, io);
}
