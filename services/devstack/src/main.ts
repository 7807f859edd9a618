// Composition root of the development stack behind `./dev demo`, `./dev start` and `./dev bench`.
// Not part of the product: it runs the test harness's servers, the bank simulator and the benchmarks.
// The only place in devstack that reads process.env or sets the exit code.
import type { DevCommand, DevIo } from './command.ts';

/** Commands load lazily: a command's dependencies cost nothing to the others. */
const COMMANDS: Readonly<Record<string, { summary: string; load: () => Promise<DevCommand> }>> = {
  demo: {
    summary: 'run the system end to end and print a summary checked against the simulator',
    load: async () => (await import('./commands/demo.command.ts')).demoCommand,
  },
  start: { summary: 'run the services until Ctrl-C', load: async () => (await import('./commands/start.command.ts')).startCommand },
  bench: {
    summary: 'benchmarks: verify (statement parse + match + resolve at 100 k and 1 M lines), parse',
    load: async () => (await import('./commands/bench.command.ts')).benchCommand,
  },
};

const io: DevIo = {
  stdout: (line) => process.stdout.write(`${line}\n`),
  stderr: (line) => process.stderr.write(`${line}\n`),
  env: process.env,
};

function usage(): string {
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(8)} ${c.summary}`);
  return ['usage: ./dev <command> [options]   (./dev <command> --help for its options)', '', 'commands:', ...lines].join('\n');
}

async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    io.stdout(usage());
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.stderr(`error [PAYOUT_E_VALIDATION]: unknown command '${name}' — commands: ${Object.keys(COMMANDS).join(', ')}`);
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
