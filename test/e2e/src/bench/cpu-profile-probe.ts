// A V8 CPU profile of exactly a phase's measured window (not start-up, seeding or teardown),
// written as a .cpuprofile for cpu-profile-top.ts or Chrome DevTools.
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';
import type { PhaseProbe } from './bench-phase.ts';

export function cpuProfileProbe(dir: string, name: string): PhaseProbe {
  const session = new Session();
  return {
    async start() {
      session.connect();
      await session.post('Profiler.enable');
      await session.post('Profiler.start');
    },
    async report() {
      const { profile } = await session.post('Profiler.stop');
      session.disconnect();
      mkdirSync(dir, { recursive: true });
      const file = join(dir, `${name.replace(/[^a-z0-9-]+/gi, '-')}-${randomBytes(4).toString('hex')}.cpuprofile`);
      writeFileSync(file, JSON.stringify(profile));
      return `  CPU profile of the measured window: ${file} (./dev node test/e2e/src/bench/cpu-profile-top.ts ${file})`;
    },
  };
}
