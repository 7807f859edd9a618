// Composition root of the product CLI behind `./dev payout …`, `./dev demo` and `./dev start`.
// The only place in the CLI that reads process.env or calls process.exit.
import type { CliCommand, CliIo } from './cli-io.ts';

/** Commands load lazily: a command's dependencies cost nothing to the others. */
const COMMANDS: Readonly<Record<string, { summary: string; load: () => Promise<CliCommand> }>> = {
  demo: { summary: 'run the system end to end and print a summary', load: async () => (await import('./commands/demo.command.ts')).demoCommand },
  start: { summary: 'run the services until Ctrl-C', load: async () => (await import('./commands/start.command.ts')).startCommand },
  calendar: { summary: 'business days: a month, the next business day, coverage', load: async () => (await import('./commands/calendar.command.ts')).calendarCommand },
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

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    io.stderr(`error [PAYOUT_E_INTERNAL]: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    process.exitCode = 1;
  },
);
