// Composition root of the product CLI behind `./dev payout …`, `./dev demo` and `./dev start`.
// The only place in the CLI that reads process.env or calls process.exit.
import type { CliCommand, CliIo } from './cli-io.ts';

/** Commands load lazily: a command's dependencies cost nothing to the others. */
const COMMANDS: Readonly<Record<string, { summary: string; load: () => Promise<CliCommand> }>> = {
  demo: { summary: 'run the system end to end and print a summary', load: async () => (await import('./commands/demo.command.ts')).demoCommand },
  start: { summary: 'run the services until Ctrl-C', load: async () => (await import('./commands/start.command.ts')).startCommand },
  migrate: { summary: 'apply pending database migrations to DATABASE_URL', load: async () => (await import('./commands/migrate.command.ts')).migrateCommand },
  clients: { summary: 'register API clients and issue or revoke their keys', load: async () => (await import('./commands/clients.command.ts')).clientsCommand },
  calendar: { summary: 'business days: a month, the next business day, coverage', load: async () => (await import('./commands/calendar.command.ts')).calendarCommand },
  bench: { summary: 'benchmarks: verify (statement parse + match + resolve at 100 k and 1 M lines)', load: async () => (await import('./commands/bench.command.ts')).benchCommand },
  statements: { summary: 'parse a bank statement file (camt.05x, MT940/942, BAI2, CSV) and check it adds up', load: async () => (await import('./commands/statements.command.ts')).statementsCommand },
  liquidity: { summary: 'treasury: the pre-funding plan before weekends and holidays, and its backtest', load: async () => (await import('./commands/liquidity.command.ts')).liquidityCommand },
  ops: { summary: 'ops: stuck payouts, timeline, re-poll, retry, cancel, force-resolve (maker-checker), bulk actions', load: async () => (await import('./commands/ops.command.ts')).opsCommand },
};

const io: CliIo = {
  stdout: (line) => process.stdout.write(`${line}\n`),
  stderr: (line) => process.stderr.write(`${line}\n`),
  env: process.env,
};

function usage(): string {
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(12)} ${c.summary}`);
  return ['usage: ./dev payout <command> [options]', '', 'commands:', ...lines].join('\n');
}

async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    io.stdout(usage());
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.stderr(`error [PAYOUT_E_VALIDATION]: unknown command '${name}' — run ./dev payout help to see the commands`);
    return 2;
  }
  return (await command.load())(rest, io);
}

// `./dev payout … | head`: a reader that stops early is not an error of the command.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw err;
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    io.stderr(`error [PAYOUT_E_INTERNAL]: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    process.exitCode = 1;
  },
);
