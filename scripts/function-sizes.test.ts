import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { functionSizes } from './function-sizes.ts';

// Issue 15: a worker function that outgrows a screen is where status changes used to be built by
// hand. The workers' product code keeps every function under this many lines (nested ones counted
// in their parent).
const WORKERS_MAX_FUNCTION_LINES = 80;

describe('function sizes', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fn-sizes-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('measures declarations, arrows and methods, nested ones inside their parent, and skips tests', () => {
    writeFileSync(
      join(dir, 'a.ts'),
      [
        'export function outer() {',
        '  const inner = () => {',
        '    return 1;',
        '  };',
        '  return inner();',
        '}',
        'class C {',
        '  m() { return 2; }',
        '}',
        '',
      ].join('\n'),
    );
    writeFileSync(join(dir, 'a.test.ts'), 'export function hidden() {\n\n\n\n\n\n\n\n\n\n}\n');
    const sizes = functionSizes([dir]);
    expect(sizes.map((s) => [s.name, s.lines])).toEqual([
      ['outer', 6],
      ['inner', 3],
      ['m', 1],
    ]);
    expect(functionSizes([dir], { includeTests: true })[0]?.name).toBe('hidden');
  });

  it(`keeps every function in services/workers/src under ${WORKERS_MAX_FUNCTION_LINES} lines`, () => {
    const tooLong = functionSizes(['services/workers/src']).filter(
      (f) => f.lines >= WORKERS_MAX_FUNCTION_LINES && !f.file.includes('/test-support/'),
    );
    expect(tooLong.map((f) => `${f.file}:${f.line} ${f.name} (${f.lines} lines)`)).toEqual([]);
  });
});
