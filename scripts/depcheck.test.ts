import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// Proves the dependency rules bite: a deliberate violation written into a pure package, or test
// tooling imported by the product, makes dependency-cruiser (run by ./dev test) fail with the rule's name.
const ROOT = fileURLToPath(new URL('..', import.meta.url));

function cruise(file: string): { status: number | null; output: string } {
  const res = spawnSync(
    process.execPath,
    [join(ROOT, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs'), '--config', '.dependency-cruiser.cjs', file],
    {
      cwd: ROOT,
      encoding: 'utf8',
    },
  );
  return { status: res.status, output: `${res.stdout}${res.stderr}` };
}

function withProbe(path: string, source: string, check: (result: ReturnType<typeof cruise>) => void): void {
  const abs = join(ROOT, path);
  writeFileSync(abs, source);
  try {
    check(cruise(path));
  } finally {
    rmSync(abs, { force: true });
  }
}

describe('dependency direction', () => {
  it('fails when a pure package imports pg', () => {
    withProbe('packages/domain/src/zz-depcheck-probe.ts', "import pg from 'pg';\nexport const probe = pg;\n", (r) => {
      expect(r.status).not.toBe(0);
      expect(r.output).toContain('pure-no-io-library');
    });
  });

  it('fails when a pure package reads files', () => {
    withProbe(
      'packages/calendar/src/zz-depcheck-probe.ts',
      "import { readFileSync } from 'node:fs';\nexport const probe = readFileSync;\n",
      (r) => {
        expect(r.status).not.toBe(0);
        expect(r.output).toContain('pure-no-io-builtin');
      },
    );
  });

  it('fails when a pure package imports an adapter package through the workspace', () => {
    withProbe('packages/domain/src/zz-depcheck-probe.ts', "export * from '@payout/db';\n", (r) => {
      expect(r.status).not.toBe(0);
      expect(r.output).toContain('pure-no-adapters');
    });
  });

  it('passes for a pure file that imports only pure code', () => {
    withProbe('packages/domain/src/zz-depcheck-probe.ts', 'export const probe = 1n;\n', (r) => {
      expect(r.output).toContain('no dependency violations');
      expect(r.status).toBe(0);
    });
  });
});

// Cruising a service follows its whole import graph: slower than a pure package on a shared machine.
const CRUISE_MS = 60_000;

describe('no test tooling in the product', () => {
  it(
    'fails when a service imports the test kit',
    () => {
      withProbe('services/workers/src/zz-depcheck-probe.ts', "export { bankProfile } from '@payout/test-kit';\n", (r) => {
        expect(r.status).not.toBe(0);
        expect(r.output).toContain('no-test-support-in-product');
      });
    },
    CRUISE_MS,
  );

  it(
    'fails when a service imports the bank simulator',
    () => {
      withProbe('services/api/src/zz-depcheck-probe.ts', "export { BankSimClient } from '@payout/bank-sim';\n", (r) => {
        expect(r.status).not.toBe(0);
        expect(r.output).toContain('no-test-support-in-product');
      });
    },
    CRUISE_MS,
  );

  it(
    "fails when production code imports its own package's test support",
    () => {
      withProbe('services/workers/src/zz-depcheck-probe.ts', "export { attempt } from './verify/test-support/builders.ts';\n", (r) => {
        expect(r.status).not.toBe(0);
        expect(r.output).toContain('no-test-support-in-product');
      });
    },
    CRUISE_MS,
  );

  it(
    "fails when the simulator's runtime imports the test harness",
    () => {
      withProbe('services/bank-sim/src/zz-depcheck-probe.ts', "export { waitFor } from '@payout/test-harness';\n", (r) => {
        expect(r.status).not.toBe(0);
        expect(r.output).toContain('simulator-only-profile-builder');
      });
    },
    CRUISE_MS,
  );

  it(
    'passes for the devstack, which is test tooling',
    () => {
      withProbe(
        'services/devstack/src/zz-depcheck-probe.ts',
        "export { cnySimBank } from '@payout/test-kit';\nexport { BankSimClient } from '@payout/bank-sim';\n",
        (r) => {
          expect(r.output).toContain('no dependency violations');
          expect(r.status).toBe(0);
        },
      );
    },
    CRUISE_MS,
  );
});
