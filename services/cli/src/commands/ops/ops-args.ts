import { PayoutError } from '@payout/domain';

/**
 * The parsed command line as the ops and calendar-import commands read it: positionals, every
 * value of each valued flag, and the switches given. Built from the shared parser's result
 * (../../args.ts) by `opsArgs`.
 */
export interface ParsedArgs {
  readonly positionals: readonly string[];
  readonly values: ReadonlyMap<string, readonly string[]>;
  readonly switches: ReadonlySet<string>;
}

function usage(message: string): never {
  throw new PayoutError('PAYOUT_E_VALIDATION', message);
}

/** parseCommand's values in the ParsedArgs shape: `single` and `many` read them. */
export function opsArgs(
  values: Readonly<Record<string, string | boolean | readonly string[] | undefined>>,
  positionals: readonly string[],
): ParsedArgs {
  const valued = new Map<string, readonly string[]>();
  const switches = new Set<string>();
  for (const [name, v] of Object.entries(values)) {
    if (v === true) switches.add(name);
    else if (typeof v === 'string') valued.set(name, [v]);
    else if (v !== undefined && v !== false) valued.set(name, v);
  }
  return { positionals, values: valued, switches };
}

/** The single value of a flag; an error when given twice. */
export function single(args: ParsedArgs, name: string): string | undefined {
  const v = args.values.get(name);
  if (v === undefined) return undefined;
  if (v.length > 1) usage(`--${name} given more than once`);
  return v[0];
}

/** All values of a repeatable flag, comma-separated ones split. */
export function many(args: ParsedArgs, name: string): string[] | undefined {
  const v = args.values.get(name);
  return v === undefined
    ? undefined
    : v
        .flatMap((s) => s.split(','))
        .map((s) => s.trim())
        .filter((s) => s !== '');
}

const DURATION = /^([0-9]{1,9})(s|m|h|d)?$/;
const UNIT_SECONDS: Readonly<Record<string, number>> = { s: 1, m: 60, h: 3600, d: 86_400 };

/** `90`, `90s`, `30m`, `2h`, `1d` → seconds. */
export function parseDurationSeconds(s: string, flag: string): number {
  const m = DURATION.exec(s.trim());
  if (m === null) usage(`--${flag} must look like 90s, 30m, 2h or 1d`);
  return Number(m[1]) * (UNIT_SECONDS[m[2] ?? 's'] ?? 1);
}
