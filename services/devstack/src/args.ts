import { parseArgs, type ParseArgsConfig } from 'node:util';

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * `node:util` parseArgs for one devstack command, strict, with `--help` added: the parsed
 * values, `'help'` when `--help`/`-h` was given, or the parser's message for a usage error.
 *
 * @example const a = parseCommandArgs(argv, { payouts: { type: 'string' } }); // a.values.payouts
 */
export function parseCommandArgs<O extends Options>(
  argv: readonly string[],
  options: O,
  opts: { readonly positionals?: boolean } = {},
):
  | {
      readonly values: ReturnType<typeof parseArgs<{ options: O; allowPositionals: true; allowNegative: true }>>['values'];
      readonly positionals: readonly string[];
    }
  | 'help'
  | { readonly error: string } {
  if (argv.includes('--help') || argv.includes('-h')) return 'help';
  try {
    const { values, positionals } = parseArgs({ args: [...argv], options, strict: true, allowPositionals: true, allowNegative: true });
    if (opts.positionals !== true && positionals.length > 0) return { error: `unexpected argument ${positionals[0] ?? ''}` };
    return { values, positionals };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}
