import { describe, expect, it } from 'vitest';
import type { DevCommand, DevIo } from '../command.ts';
import { benchCommand } from './bench.command.ts';
import { demoCommand } from './demo.command.ts';
import { startCommand } from './start.command.ts';

// Only --help and refused arguments: each answers before any server starts.
async function run(command: DevCommand, ...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const io: DevIo = { stdout: (l) => out.push(l), stderr: (l) => err.push(l), env: {} };
  const code = await command(argv, io);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const COMMANDS: ReadonlyArray<readonly [string, DevCommand, readonly string[], readonly string[]]> = [
  ['demo', demoCommand, [], ['--payouts N', '--workers N', '--speed X', '--start YYYY-MM-DD|INSTANT', '--keep-logs']],
  ['start', startCommand, [], []],
  ['bench verify', benchCommand, ['verify'], ['--sizes N,N', '--formats F,F', '--unresolved-share F', '--no-postgres', '--json']],
  ['bench parse', benchCommand, ['parse'], ['--sizes N,N', '--formats F,F', '--json']],
];

describe('./dev <command> --help', () => {
  it.each(COMMANDS)('%s --help prints its usage and every option, exit 0', async (name, command, sub, options) => {
    for (const help of ['--help', '-h']) {
      const r = await run(command, ...sub, help);
      expect(r.code).toBe(0);
      expect(r.err).toBe('');
      expect(r.out).toContain(`usage: ./dev ${name}`);
      expect(r.out).toContain('options:');
      expect(r.out).toContain('-h, --help');
      for (const option of options) expect(r.out).toContain(option);
    }
  });

  it.each(COMMANDS)('%s with an unknown option exits 2 with the parser message', async (name, command, sub) => {
    const r = await run(command, ...sub, '--no-such-option');
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toBe(`error [PAYOUT_E_VALIDATION]: unknown option --no-such-option — run ./dev ${name} --help`);
  });

  it('./dev bench --help lists both benchmarks with their options', async () => {
    const r = await run(benchCommand, '--help');
    expect(r.code).toBe(0);
    expect(r.out).toContain('usage: ./dev bench verify');
    expect(r.out).toContain('usage: ./dev bench parse');
    expect(r.out).toContain('--no-postgres');
  });

  it('refuses values it cannot use before starting anything', async () => {
    expect((await run(demoCommand, '--workers', '9')).err).toBe('error [PAYOUT_E_VALIDATION]: --workers must be 1–8');
    expect((await run(startCommand, 'now')).err).toBe('error [PAYOUT_E_VALIDATION]: unexpected argument now — run ./dev start --help');
    expect((await run(benchCommand, 'verify', '--sizes', '10')).code).toBe(2);
    expect((await run(benchCommand, 'other')).code).toBe(2);
  });
});
