import { parseArgs } from 'node:util';
import { isPayoutError, PayoutError } from '@payout/domain';
import type { CliIo } from './cli-io.ts';

/** One option of a command: `--name VALUE` (string) or `--name` (boolean). */
export interface CliOption {
  readonly type: 'string' | 'boolean';
  /** May be given more than once; every value is kept, in order. */
  readonly multiple?: boolean;
  /** The value's placeholder in the help (`--reason R`); default: the option name in capitals. */
  readonly value?: string;
  readonly description: string;
}

export type CliOptions = Readonly<Record<string, CliOption>>;

/** What a command (or subcommand) accepts: its usage text, its options, whether it takes positionals. */
export interface CommandSpec<O extends CliOptions = CliOptions> {
  /** The forms and what the command does; `--help` prints it above the generated option list. */
  readonly usage: string;
  readonly options: O;
  /** Positional arguments allowed (the command checks how many); default false. */
  readonly positionals?: boolean;
  /** A single-value option given twice: the last one counts (default), or it is an error. */
  readonly repeated?: 'last-wins' | 'error';
}

type ValueOf<T extends CliOption> = T extends { readonly type: 'boolean' }
  ? boolean
  : T extends { readonly multiple: true }
    ? readonly string[]
    : T extends { readonly type: 'string' }
      ? string
      : string | boolean | readonly string[];

/** The parsed option values, typed from the spec: absent options are undefined. */
export type OptionValues<O extends CliOptions> = { readonly [K in keyof O]?: ValueOf<O[K]> };

export type ParsedCommand<O extends CliOptions> =
  { readonly help: true } | { readonly help: false; readonly values: OptionValues<O>; readonly positionals: readonly string[] };

/** Declares a command spec, keeping the option literals for the typed values. */
export function defineCommand<const O extends CliOptions>(spec: CommandSpec<O>): CommandSpec<O> {
  return spec;
}

function usageError(message: string): never {
  throw new PayoutError('PAYOUT_E_VALIDATION', message);
}

/**
 * The one argument parser of the CLI: `node:util` parseArgs over the command's spec, checked
 * strictly here so every command words its errors the same way. `--help`/`-h` anywhere
 * before `--` wins over everything else. Values may be given as `--name V` or `--name=V`;
 * a value that starts with a dash must use the `=` form. A positional that looks like a
 * negative number (`-1`) stays a positional.
 *
 * @throws PayoutError PAYOUT_E_VALIDATION for an unknown option, a missing value, a value on
 *   a switch, a positional the command does not take, or (with `repeated: 'error'`) a
 *   single-value option given twice.
 * @example
 *   const spec = defineCommand({ usage: 'usage: payout migrate [--json]', options: { json: { type: 'boolean', description: 'print JSON' } } });
 *   const p = parseCommand(spec, ['--json']); // { help: false, values: { json: true }, positionals: [] }
 */
export function parseCommand<O extends CliOptions>(spec: CommandSpec<O>, argv: readonly string[]): ParsedCommand<O> {
  const terminator = argv.indexOf('--');
  const head = terminator === -1 ? argv : argv.slice(0, terminator);
  if (head.includes('--help') || head.includes('-h')) return { help: true };

  const config: Record<string, { type: 'string' | 'boolean'; multiple?: boolean }> = {};
  for (const [name, o] of Object.entries(spec.options)) config[name] = { type: o.type, ...(o.multiple === true ? { multiple: true } : {}) };
  const { tokens } = parseArgs({ args: [...argv], options: config, strict: false, allowPositionals: true, tokens: true });

  const values: Record<string, string | boolean | string[]> = {};
  const positionals: string[] = [];
  const seenIndex = new Set<number>();
  for (const t of tokens) {
    if (t.kind === 'option-terminator') continue;
    if (t.kind === 'positional') {
      positionals.push(t.value);
      continue;
    }
    if (/^-[0-9]/.test(t.rawName)) {
      // `-1`, `-0.5`: a number, not a group of short options.
      if (!seenIndex.has(t.index)) positionals.push(argv[t.index] ?? t.rawName);
      seenIndex.add(t.index);
      continue;
    }
    const option = Object.hasOwn(spec.options, t.name) ? spec.options[t.name] : undefined;
    if (option === undefined || t.rawName !== `--${t.name}`) usageError(`unknown option ${t.rawName}`);
    if (option.type === 'boolean') {
      if (t.value !== undefined) usageError(`--${t.name} takes no value`);
      values[t.name] = true;
      continue;
    }
    if (t.value === undefined || t.value === '' || (t.inlineValue === false && t.value.startsWith('-') && !/^-[0-9]/.test(t.value))) {
      usageError(
        `--${t.name} needs a value${t.value === undefined || t.value === '' ? '' : ` (a value starting with a dash is written --${t.name}=${t.value})`}`,
      );
    }
    const previous = values[t.name];
    if (option.multiple === true) values[t.name] = [...(Array.isArray(previous) ? previous : []), t.value];
    else if (previous !== undefined && spec.repeated === 'error') usageError(`--${t.name} given more than once`);
    else values[t.name] = t.value;
  }
  if (spec.positionals !== true && positionals.length > 0) usageError(`unexpected argument ${positionals[0] ?? ''}`);
  return { help: false, values: values as OptionValues<O>, positionals };
}

/** The help of a command: its usage text, then every option with its description. */
export function helpText(spec: CommandSpec): string {
  const rows: Array<readonly [string, string]> = Object.entries(spec.options).map(
    ([name, o]) =>
      [
        `--${name}${o.type === 'string' ? ` ${o.value ?? name.toUpperCase()}` : ''}`,
        `${o.description}${o.multiple === true ? ' (repeatable)' : ''}`,
      ] as const,
  );
  rows.push(['-h, --help', 'show this help']);
  const width = Math.max(...rows.map(([flag]) => flag.length));
  return [spec.usage, '', 'options:', ...rows.map(([flag, text]) => `  ${flag.padEnd(width)}  ${text}`)].join('\n');
}

/**
 * parseCommand for a command's edge: `--help` prints the help (exit 0), a usage error prints
 * `error [PAYOUT_E_VALIDATION]: … — <seeHelp>` (exit 2); otherwise the parsed arguments.
 *
 * @example
 *   const p = readCommandLine(MIGRATE_SPEC, argv, io, 'run ./dev payout migrate --help');
 *   if (typeof p === 'number') return p;
 */
export function readCommandLine<O extends CliOptions>(
  spec: CommandSpec<O>,
  argv: readonly string[],
  io: CliIo,
  seeHelp: string,
): { readonly values: OptionValues<O>; readonly positionals: readonly string[] } | number {
  let parsed: ParsedCommand<O>;
  try {
    parsed = parseCommand(spec, argv);
  } catch (err) {
    if (!isPayoutError(err)) throw err;
    io.stderr(`error [${err.code}]: ${err.message} — ${seeHelp}`);
    return 2;
  }
  if (parsed.help) {
    io.stdout(helpText(spec));
    return 0;
  }
  return parsed;
}

/**
 * The subcommand of argv: its first positional, read with the options of every subcommand so
 * that an option's value (`--reason retry`) is not taken for it. Never throws: the subcommand's
 * own spec checks the arguments afterwards.
 */
export function subcommandOf(argv: readonly string[], specs: Readonly<Record<string, CommandSpec>>): string | undefined {
  const config: Record<string, { type: 'string' | 'boolean' }> = {};
  for (const spec of Object.values(specs)) for (const [name, o] of Object.entries(spec.options)) config[name] = { type: o.type };
  const { tokens } = parseArgs({ args: [...argv], options: config, strict: false, allowPositionals: true, tokens: true });
  const first = tokens.find((t) => t.kind === 'positional');
  return first?.kind === 'positional' ? first.value : undefined;
}
