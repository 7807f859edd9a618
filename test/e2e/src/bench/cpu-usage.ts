// CPU accounting for benchmarks (Linux /proc): this process, the harness's server processes
// and the whole machine, so a same-run comparison can say where the CPU went and how much the
// other tenants of a shared machine took meanwhile.
import { readFileSync, readdirSync } from 'node:fs';
import { cpus } from 'node:os';

/** Kernel clock ticks per second for /proc times (USER_HZ, 100 on every Linux ABI Node runs on). */
const TICKS_PER_SECOND = 100;

/** CPU seconds consumed so far (counters; subtract two snapshots with `cpuBetween`). */
export interface CpuTotals {
  /** This Node process: the workers (and, in-process, the bank simulator). */
  readonly node: number;
  /** The Postgres server and its children (backends, including those that exited meanwhile). */
  readonly postgres: number;
  readonly redis: number;
  /** All processes on the machine (busy = not idle, not iowait), summed over cores. */
  readonly machineBusy: number;
  /** Wall time × cores: what the machine could have spent. */
  readonly machineCapacity: number;
}

export interface ServerPorts {
  readonly postgresPort: number;
  readonly redisPort?: number | undefined;
}

export function cpuSnapshot(ports: ServerPorts): CpuTotals {
  const node = process.cpuUsage();
  const machine = machineTicks();
  return {
    node: (node.user + node.system) / 1e6,
    postgres: serverGroupSeconds((args) => /(^|\/)postgres$/.test(args[0] ?? '') && argAfter(args, '-p') === String(ports.postgresPort)),
    redis:
      ports.redisPort === undefined
        ? 0
        : serverGroupSeconds(
            (args) =>
              /redis-server/.test(args[0] ?? '') && args.some((a) => a.endsWith(`:${ports.redisPort}`) || a === String(ports.redisPort)),
          ),
    machineBusy: machine.busy / TICKS_PER_SECOND,
    machineCapacity: machine.total / TICKS_PER_SECOND,
  };
}

export function cpuBetween(before: CpuTotals, after: CpuTotals): CpuTotals {
  return {
    node: after.node - before.node,
    postgres: after.postgres - before.postgres,
    redis: after.redis - before.redis,
    machineBusy: after.machineBusy - before.machineBusy,
    machineCapacity: after.machineCapacity - before.machineCapacity,
  };
}

export function coreCount(): number {
  return cpus().length;
}

function argAfter(args: readonly string[], flag: string): string | undefined {
  const i = args.indexOf(flag);
  return i === -1 ? undefined : args[i + 1];
}

interface ProcStat {
  readonly pid: number;
  readonly ppid: number;
  /** utime + stime of the process itself. */
  readonly own: number;
  /** cutime + cstime: children it has reaped (Postgres backends that have exited). */
  readonly reaped: number;
}

function readStat(pid: number): ProcStat | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may hold spaces and parentheses: fields restart after the last ')'.
    const f = text.slice(text.lastIndexOf(')') + 2).split(' ');
    // f[0] is field 3 (state): field k is f[k - 3].
    return { pid, ppid: Number(f[1]), own: Number(f[11]) + Number(f[12]), reaped: Number(f[13]) + Number(f[14]) };
  } catch {
    return undefined; // gone meanwhile
  }
}

function readArgs(pid: number): string[] {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8')
      .split('\0')
      .filter((a) => a !== '');
  } catch {
    return [];
  }
}

function allPids(): number[] {
  return readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .map(Number);
}

/**
 * CPU seconds of the server whose command line matches plus its direct children: live ones by
 * their own counters, exited ones through the server's reaped-children counters. (Not by
 * process group: every Postgres backend calls setsid() and leads a group of its own.)
 * 0 when no such server runs (e.g. a container backend).
 */
function serverGroupSeconds(isLeader: (args: readonly string[]) => boolean): number {
  const pids = allPids();
  const leader = pids.find((pid) => isLeader(readArgs(pid)));
  if (leader === undefined) return 0;
  const leaderStat = readStat(leader);
  if (leaderStat === undefined) return 0;
  let ticks = leaderStat.reaped;
  for (const pid of pids) {
    const s = readStat(pid);
    if (s !== undefined && (s.pid === leader || s.ppid === leader)) ticks += s.own;
  }
  return ticks / TICKS_PER_SECOND;
}

function machineTicks(): { busy: number; total: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
  // cpu user nice system idle iowait irq softirq steal guest guest_nice (guest is inside user)
  const v = line.trim().split(/\s+/).slice(1, 9).map(Number);
  const total = v.reduce((a, b) => a + b, 0);
  const idle = (v[3] ?? 0) + (v[4] ?? 0);
  return { busy: total - idle, total };
}
