import { describe, expect, it } from 'vitest';
import { withoutFakeTime } from './real-clock-env.ts';

describe('withoutFakeTime', () => {
  it('drops libfaketime from LD_PRELOAD and every FAKETIME setting, and keeps the rest', () => {
    const env = withoutFakeTime({
      PATH: '/usr/bin',
      FAKETIME: '@2026-12-31 10:00:00',
      FAKETIME_DONT_FAKE_MONOTONIC: '1',
      FAKETIME_SHARED: '/faketime_shm_1 /faketime_sem_1',
      DONT_FAKE_MONOTONIC: '1',
      LD_PRELOAD: '/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1:/opt/lib/libkeep.so',
    });
    expect(env).toEqual({ PATH: '/usr/bin', LD_PRELOAD: '/opt/lib/libkeep.so' });
  });

  it('removes LD_PRELOAD when libfaketime was all it held (either library variant, space-separated too)', () => {
    expect(withoutFakeTime({ LD_PRELOAD: '/usr/lib/x86_64-linux-gnu/faketime/libfaketimeMT.so.1' })).toEqual({});
    expect(withoutFakeTime({ LD_PRELOAD: 'libfaketime.so.1 /usr/lib/libfaketime.so' })).toEqual({});
  });
});
