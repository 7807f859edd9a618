import { describe, expect, it } from 'vitest';
import { intakeJobId, nextStepJobId } from './job-ids.ts';

// BullMQ refuses custom ids that contain ':' or that parse as integers.
const bullmqAccepts = (id: string) => !id.includes(':') && `${parseInt(id, 10)}` !== id;

describe('job ids', () => {
  it('intake ids are deterministic per client, key and request, and BullMQ-safe', () => {
    const a = intakeJobId('acme', 'order:42', 'f'.repeat(64));
    expect(a).toBe(intakeJobId('acme', 'order:42', 'f'.repeat(64)));
    expect(a).not.toBe(intakeJobId('acme', 'order:42', 'e'.repeat(64)));
    expect(a).not.toBe(intakeJobId('globex', 'order:42', 'f'.repeat(64)));
    expect(a).toMatch(/^intake-[0-9a-f]{64}$/);
    expect(bullmqAccepts(a)).toBe(true);
  });

  it('next-step ids ignore order and change with the version', () => {
    const t = [
      { payoutId: '0190aaaa-0000-7000-8000-000000000001', version: 1 },
      { payoutId: '0190aaaa-0000-7000-8000-000000000002', version: 1 },
    ];
    const id = nextStepJobId('submit', t);
    expect(nextStepJobId('submit', [...t].reverse())).toBe(id);
    expect(nextStepJobId('poll', t)).not.toBe(id);
    expect(nextStepJobId('submit', [t[0]!, { ...t[1]!, version: 2 }])).not.toBe(id);
    expect(bullmqAccepts(id)).toBe(true);
  });
});
