import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { waitFor } from '@payout/test-harness';
import { afterAll, describe, expect, it } from 'vitest';
import { startChildService } from './child-service.ts';

const CHILD = fileURLToPath(new URL('./test-support/exits-once.child.ts', import.meta.url));

describe('startChildService with a supervisor (./dev start)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'payout-supervise-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('restarts a process that exits, says so, and stops for good when asked', async () => {
    const lines: string[] = [];
    const service = startChildService('flaky', CHILD, {
      env: { MARKER_FILE: join(dir, 'exited-once') },
      logFile: join(dir, 'flaky.log'),
      isReady: (m) => m['event'] === 'ready',
      supervise: { report: (line) => lines.push(line), restartEnv: () => ({ RUN: 'restart' }), firstDelayMs: 50 },
    });
    const first = await service.ready;
    await waitFor(() => service.restarts === 1 && lines.some((l) => l.includes('restarted')), {
      timeoutMs: 30_000,
      message: 'the supervisor restarted the process',
    });
    expect(Number(readFileSync(join(dir, 'exited-once'), 'utf8'))).toBe(first['pid']);
    expect(service.pid).not.toBe(first['pid']);
    expect(lines[0]).toMatch(/^flaky \(pid \d+\) exited \(code 3\) after [\d.]+ s; restarting in [\d.]+ s/);
    await service.stop(5_000);
    expect(service.restarts).toBe(1);
    expect(lines.filter((l) => l.includes('exited'))).toHaveLength(1);
  });
});
