import { describe, expect, it } from 'vitest';
import type { CliIo } from './cli-io.ts';
import { cliUsage, COMMANDS, runCli } from './cli.ts';

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  // No DATABASE_URL, no API key: --help must answer without either.
  const io: CliIo = { stdout: (l) => out.push(l), stderr: (l) => err.push(l), env: {} };
  const code = await runCli(argv, io);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** Every command and subcommand of `./dev payout` (the first word after the command). */
const SUBCOMMANDS: Readonly<Record<string, readonly (readonly string[])[]>> = {
  migrate: [[]],
  clients: [[], ['create'], ['add-key'], ['revoke-key']],
  calendar: [
    [],
    ['CN', '2026-10'],
    ['next'],
    ['coverage'],
    ['check'],
    ['import'],
    ['imports'],
    ['show'],
    ['approve'],
    ['reject'],
    ['withdraw'],
    ['alerts'],
  ],
  statements: [[], ['parse'], ['ingest']],
  liquidity: [[], ['plan'], ['backtest'], ['accounts'], ['fund']],
  ops: [
    [],
    ['stuck'],
    ['timeline'],
    ['repoll'],
    ['retry'],
    ['cancel'],
    ['force-resolve'],
    ['proposals'],
    ['proposal'],
    ['approve'],
    ['reject'],
    ['withdraw'],
    ['bulk'],
    ['audit'],
  ],
};

describe('./dev payout --help', () => {
  it('lists every command, and says each takes --help', async () => {
    for (const flag of ['--help', '-h', 'help']) {
      const r = await run(flag);
      expect(r.code).toBe(0);
      expect(r.out).toBe(cliUsage());
    }
    for (const name of Object.keys(COMMANDS)) expect(cliUsage()).toMatch(new RegExp(`^ {2}${name} +\\S`, 'm'));
    expect(cliUsage()).toContain('every command takes --help');
    expect(Object.keys(SUBCOMMANDS).sort()).toEqual(Object.keys(COMMANDS).sort());
  });

  it('answers no command with the usage and exit 2, an unknown one with PAYOUT_E_VALIDATION', async () => {
    expect((await run()).code).toBe(2);
    const r = await run('constructor');
    expect(r.code).toBe(2);
    expect(r.err).toBe("error [PAYOUT_E_VALIDATION]: unknown command 'constructor' — run ./dev payout help to see the commands");
  });

  const cases = Object.entries(SUBCOMMANDS).flatMap(([command, subs]) => subs.map((sub) => [command, ...sub]));
  it.each(cases)('payout %s … --help prints its usage and options, exit 0', async (...words) => {
    for (const flag of ['--help', '-h']) {
      const r = await run(...words, flag);
      expect(r.code, r.err).toBe(0);
      expect(r.err).toBe('');
      expect(r.out).toMatch(/^usage/);
      // A command or subcommand's own help lists its options; a command with subcommands lists the forms.
      if (words.length > 1 || command(words) === 'migrate') expect(r.out).toMatch(/\noptions:\n(.|\n)* {2}-h, --help +show this help$/);
    }
  });

  function command(words: readonly string[]): string {
    return words[0] ?? '';
  }
});

describe('usage errors: PAYOUT_E_VALIDATION, exit 2, a pointer to --help', () => {
  it.each([
    [['migrate', '--bogus'], 'unknown option --bogus — run ./dev payout migrate --help'],
    [['clients', 'create', 'acme', '--scopes'], '--scopes needs a value — run ./dev payout clients --help'],
    [['calendar', 'coverage', '--at'], '--at needs a value — run `./dev payout calendar --help` for the accepted forms'],
    [
      ['calendar', 'CN', '2026-10', '--at', '2026-12-01T00:00:00Z'],
      'unknown option --at — run `./dev payout calendar --help` for the accepted forms',
    ],
    [['statements', 'parse', 'x.xml', '--format'], '--format needs a value — run `./dev payout statements --help`'],
    [['statements', 'ingest', 'x.xml', '--bank', 'b', '--colour'], 'unknown option --colour — see: payout statements ingest --help'],
    [['liquidity', 'plan', '--days', '3'], 'unknown option --days — run ./dev payout liquidity --help for the accepted forms'],
    [['liquidity', 'fund', '--amount'], '--amount needs a value — run ./dev payout liquidity --help for the accepted forms'],
    [['ops', 'timeline', 'p1', '--reason', 'x'], 'unknown option --reason — run ./dev payout ops --help'],
    [['ops', 'retry', 'p1', '--reason', 'a', '--reason', 'b'], '--reason given more than once — run ./dev payout ops --help'],
  ])('%j', async (argv, message) => {
    const r = await run(...argv);
    expect(r.code).toBe(2);
    expect(r.err).toBe(`error [PAYOUT_E_VALIDATION]: ${message}`);
  });
});
