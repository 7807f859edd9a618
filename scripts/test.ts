// `./dev test`: everything CI checks, in one place — typecheck, lint, dependency rules, unit and
// integration tests — then a check that the test servers left nothing behind.
// Usage: ./dev test [typecheck|lint|format|depcheck|unit|integration …] [-- extra vitest args]
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRunDir, livePids, RUN_DIR_ENV, RUN_DIR_PREFIX } from '../test/harness/src/index.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'node_modules', '.bin');
// `chaos`: the 5,000-payout kill-and-restart suites (issue 7), each worker process SIGKILLed
// and restarted every 2 s; ~3 minutes on a quiet 2-core machine. Then the infrastructure faults
// (issue 24): 3,000 payouts through Postgres/Redis kills and a stall (~40 s), and a 60 s bank
// partition plus a 60 s Postgres outage through a proxy (~2.5 minutes, mostly real-time waiting).
const ALL = ['typecheck', 'lint', 'format', 'depcheck', 'unit', 'integration', 'chaos'] as const;
// Prettier formats TypeScript and JavaScript (.prettierrc.json: 140 columns); `./dev format` rewrites.
const FORMAT_GLOB = '**/*.{ts,js,cjs,mjs}';
const KNOWN: readonly string[] = ALL;
type Step = (typeof ALL)[number];

const argv = process.argv.slice(2);
const dashdash = argv.indexOf('--');
const named = (dashdash === -1 ? argv : argv.slice(0, dashdash)).filter((a): a is Step => KNOWN.includes(a));
const unknown = (dashdash === -1 ? argv : argv.slice(0, dashdash)).filter((a) => !KNOWN.includes(a));
if (unknown.length > 0) {
  process.stderr.write(`unknown step(s): ${unknown.join(', ')}; choose from ${KNOWN.join(', ')}\n`);
  process.exit(2);
}
const extra = dashdash === -1 ? [] : argv.slice(dashdash + 1);
const steps: readonly Step[] = named.length > 0 ? named : ALL;

interface Counts {
  passed: number;
  failed: number;
  skipped: number;
}
const totals: Counts = { passed: 0, failed: 0, skipped: 0 };
const results: Array<{ step: string; ok: boolean; seconds: number }> = [];

function run(step: string, cmd: string, args: readonly string[], env: NodeJS.ProcessEnv = process.env): boolean {
  process.stdout.write(`\n=== ${step}: ${[cmd.replace(`${BIN}/`, ''), ...args].join(' ')}\n`);
  const t0 = performance.now();
  const res = spawnSync(cmd, args, { cwd: ROOT, stdio: 'inherit', env });
  const ok = res.status === 0;
  results.push({ step, ok, seconds: (performance.now() - t0) / 1000 });
  return ok;
}

function vitest(project: 'unit' | 'integration' | 'chaos', env: NodeJS.ProcessEnv): boolean {
  const report = join(tmpdir(), `payout-vitest-${project}-${process.pid}.json`);
  const ok = run(
    project,
    join(BIN, 'vitest'),
    ['run', '--project', project, '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...extra],
    env,
  );
  if (existsSync(report)) {
    const json = JSON.parse(readFileSync(report, 'utf8')) as {
      numPassedTests: number;
      numFailedTests: number;
      numPendingTests: number;
      numTodoTests: number;
    };
    totals.passed += json.numPassedTests;
    totals.failed += json.numFailedTests;
    totals.skipped += json.numPendingTests + json.numTodoTests;
    process.stdout.write(`${project}: ${json.numPassedTests} passed, ${json.numFailedTests} failed\n`);
    rmSync(report, { force: true });
  }
  return ok;
}

function harnessDirsInTmp(): Set<string> {
  return new Set(readdirSync(tmpdir()).filter((name) => name.startsWith(RUN_DIR_PREFIX)));
}

for (const step of steps) {
  switch (step) {
    case 'typecheck':
      run(step, join(BIN, 'tsc'), ['-p', 'tsconfig.json']);
      break;
    case 'lint':
      run(step, join(BIN, 'eslint'), ['.', '--max-warnings=0']);
      break;
    case 'format':
      run(step, join(BIN, 'prettier'), ['--check', '--log-level=warn', FORMAT_GLOB]);
      break;
    case 'depcheck':
      run(step, join(BIN, 'depcruise'), ['--config', '.dependency-cruiser.cjs', 'packages', 'services', 'test', 'scripts']);
      break;
    case 'unit':
      vitest('unit', process.env);
      break;
    case 'integration':
    case 'chaos': {
      // One run folder for every server the integration tests start; checked and removed below.
      const before = harnessDirsInTmp();
      const runDir = createRunDir();
      vitest(step, { ...process.env, [RUN_DIR_ENV]: runDir });
      const t0 = performance.now();
      const leaked = livePids(runDir);
      for (const { pid } of leaked) {
        try {
          process.kill(-pid, 'SIGKILL');
        } catch {
          /* already gone */
        }
      }
      rmSync(runDir, { recursive: true, force: true });
      const strayDirs = [...harnessDirsInTmp()].filter((d) => !before.has(d));
      const clean = leaked.length === 0 && strayDirs.length === 0;
      process.stdout.write(
        clean
          ? '\n=== leak check: no test server process or data folder left behind\n'
          : `\n=== leak check FAILED: ${leaked.length} server process(es) left running (${leaked.map((p) => p.label).join(', ')}), stray folders: ${strayDirs.join(', ') || 'none'}\n`,
      );
      results.push({ step: 'leak check', ok: clean, seconds: (performance.now() - t0) / 1000 });
      break;
    }
  }
}

process.stdout.write('\n=== summary\n');
for (const r of results) process.stdout.write(`${r.ok ? 'ok  ' : 'FAIL'}  ${r.step.padEnd(12)} ${r.seconds.toFixed(1)} s\n`);
const failedSteps = results.filter((r) => !r.ok);
if (failedSteps.length > 0) process.stdout.write(`failed steps: ${failedSteps.map((r) => r.step).join(', ')}\n`);
process.stdout.write(`Tests: ${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}\n`);
process.exit(failedSteps.length === 0 ? 0 : 1);
