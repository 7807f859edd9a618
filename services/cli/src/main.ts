// Composition root of the product CLI behind `./dev payout …` (demo, start and bench are services/devstack).
// The only place in the CLI that reads process.env or calls process.exit.
import type { CliIo } from './cli-io.ts';
import { runCli } from './cli.ts';

const io: CliIo = {
  stdout: (line) => process.stdout.write(`${line}\n`),
  stderr: (line) => process.stderr.write(`${line}\n`),
  env: process.env,
};

// `./dev payout … | head`: a reader that stops early is not an error of the command.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw err;
});

runCli(process.argv.slice(2), io).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    io.stderr(`error [PAYOUT_E_INTERNAL]: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    process.exitCode = 1;
  },
);
