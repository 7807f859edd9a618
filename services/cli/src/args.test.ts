import { describe, expect, it } from 'vitest';
import { defineCommand, helpText, parseCommand, readCommandLine, subcommandOf, type CommandSpec } from './args.ts';
import type { CliIo } from './cli-io.ts';

const SPEC = defineCommand({
  usage: 'usage: payout thing [FILE] --reason R [--evidence E …] [--json]',
  options: {
    reason: { type: 'string', value: 'R', description: 'why' },
    evidence: { type: 'string', multiple: true, value: 'E', description: 'what shows it' },
    json: { type: 'boolean', description: 'print JSON' },
  },
  positionals: true,
});

function fail(argv: readonly string[], spec: CommandSpec = SPEC): string {
  try {
    parseCommand(spec, argv);
  } catch (err) {
    expect(err).toMatchObject({ code: 'PAYOUT_E_VALIDATION' });
    return (err as Error).message;
  }
  throw new Error(`parsed ${JSON.stringify(argv)} without an error`);
}

describe('parseCommand: the one CLI argument parser', () => {
  it('reads values in both forms, switches, repeatable options and positionals in order', () => {
    expect(
      parseCommand(SPEC, ['a.xml', '--reason', 'bank said so', '--evidence=bank-ref:1', '--json', '--evidence', 'statement:S', 'b']),
    ).toEqual({
      help: false,
      values: { reason: 'bank said so', evidence: ['bank-ref:1', 'statement:S'], json: true },
      positionals: ['a.xml', 'b'],
    });
  });

  it('takes everything after -- as positionals, and a negative number as a positional or a value', () => {
    expect(parseCommand(SPEC, ['--reason', '-5', '-1', '--', '--json'])).toEqual({
      help: false,
      values: { reason: '-5' },
      positionals: ['-1', '--json'],
    });
    expect(parseCommand(SPEC, ['--reason=-x'])).toMatchObject({ values: { reason: '-x' } });
  });

  it('answers --help or -h anywhere before --, whatever else is wrong', () => {
    expect(parseCommand(SPEC, ['--bogus', '--help'])).toEqual({ help: true });
    expect(parseCommand(SPEC, ['x', '-h'])).toEqual({ help: true });
    expect(parseCommand(SPEC, ['--', '--help'])).toMatchObject({ help: false, positionals: ['--help'] });
  });

  it.each([
    [['--colour'], 'unknown option --colour'],
    [['-x'], 'unknown option -x'],
    [['--no-json'], 'unknown option --no-json'],
    [['--reason'], '--reason needs a value'],
    [['--reason='], '--reason needs a value'],
    [['--reason', '--json'], '--reason needs a value (a value starting with a dash is written --reason=--json)'],
    [['--json=yes'], '--json takes no value'],
  ])('%j → %s', (argv, message) => {
    expect(fail(argv)).toBe(message);
  });

  it('lets the last of a repeated single-value option count, unless the spec says repeating is an error', () => {
    expect(parseCommand(SPEC, ['--reason', 'a', '--reason', 'b'])).toMatchObject({ values: { reason: 'b' } });
    expect(fail(['--reason', 'a', '--reason', 'b'], { ...SPEC, repeated: 'error' })).toBe('--reason given more than once');
  });

  it('refuses positionals a command does not take', () => {
    expect(fail(['extra'], defineCommand({ usage: 'usage: payout migrate', options: {} }))).toBe('unexpected argument extra');
  });

  it('lists every option with its placeholder and description in the help', () => {
    const help = helpText(SPEC);
    expect(help.startsWith('usage: payout thing')).toBe(true);
    expect(help).toContain('\noptions:\n');
    expect(help).toMatch(/ {2}--reason R +why\n/);
    expect(help).toMatch(/ {2}--evidence E +what shows it \(repeatable\)\n/);
    expect(help).toMatch(/ {2}--json +print JSON\n/);
    expect(help).toMatch(/ {2}-h, --help +show this help$/);
  });
});

describe('readCommandLine: the edge every command shares', () => {
  function io(): CliIo & { out: string[]; err: string[] } {
    const out: string[] = [];
    const err: string[] = [];
    return { out, err, stdout: (l) => out.push(l), stderr: (l) => err.push(l), env: {} };
  }

  it('prints the help on stdout with exit 0, and a usage error on stderr with exit 2', () => {
    const help = io();
    expect(readCommandLine(SPEC, ['--help'], help, 'run ./dev payout thing --help')).toBe(0);
    expect(help.out.join('\n')).toBe(helpText(SPEC));
    const bad = io();
    expect(readCommandLine(SPEC, ['--colour'], bad, 'run ./dev payout thing --help')).toBe(2);
    expect(bad.err).toEqual(['error [PAYOUT_E_VALIDATION]: unknown option --colour — run ./dev payout thing --help']);
  });
});

describe('subcommandOf', () => {
  it('is the first positional, not the value of an option before it', () => {
    expect(subcommandOf(['--reason', 'retry', 'cancel', 'p1'], { cancel: SPEC })).toBe('cancel');
    expect(subcommandOf(['--json'], { cancel: SPEC })).toBeUndefined();
  });
});
