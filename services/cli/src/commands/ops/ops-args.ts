import { PayoutError } from '@payout/domain';

/** Parsed command line: positionals, and flags (repeatable ones collect every value). */
export interface ParsedArgs {
  readonly positionals: readonly string[];
  readonly values: ReadonlyMap<string, readonly string[]>;
  readonly switches: ReadonlySet<string>;
}

export interface ArgSpec {
  /** Flags that take a value (`--reason R` or `--reason=R`). */
  readonly valued: readonly string[];
  /** Flags without a value (`--json`). */
  readonly switches: readonly string[];
}

function usage(message: string): never {
  throw new PayoutError('PAYOUT_E_VALIDATION', message);
}

/** @throws PayoutError PAYOUT_E_VALIDATION for an unknown flag or a missing value. */
export function parseArgs(argv: readonly string[], spec: ArgSpec): ParsedArgs {
  const positionals: string[] = [];
  const values = new Map<string, string[]>();
  const switches = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!a.startsWith('--')) {
      positionals.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    const name = a.slice(2, eq === -1 ? undefined : eq);
    if (spec.switches.includes(name)) {
      if (eq !== -1) usage(`--${name} takes no value`);
      switches.add(name);
      continue;
    }
    if (!spec.valued.includes(name)) usage(`unknown option --${name}`);
    let value: string | undefined;
    if (eq !== -1) value = a.slice(eq + 1);
    else {
      value = argv[i + 1];
      i += 1;
    }
    if (value === undefined || (eq === -1 && value.startsWith('--'))) usage(`--${name} needs a value`);
    values.set(name, [...(values.get(name) ?? []), value]);
  }
  return { positionals, values, switches };
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
  return v === undefined ? undefined : v.flatMap((s) => s.split(',')).map((s) => s.trim()).filter((s) => s !== '');
}

const DURATION = /^([0-9]{1,9})(s|m|h|d)?$/;
const UNIT_SECONDS: Readonly<Record<string, number>> = { s: 1, m: 60, h: 3600, d: 86_400 };

/** `90`, `90s`, `30m`, `2h`, `1d` → seconds. */
export function parseDurationSeconds(s: string, flag: string): number {
  const m = DURATION.exec(s.trim());
  if (m === null) usage(`--${flag} must look like 90s, 30m, 2h or 1d`);
  return Number(m[1]) * (UNIT_SECONDS[m[2] ?? 's'] ?? 1);
}
