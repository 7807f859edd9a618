/**
 * The environment for a server process (redis-server, postgres, initdb) without libfaketime.
 *
 * `FAKETIME=… LD_PRELOAD=…/libfaketime.so.1 ./dev test` runs the Node processes on a faked
 * date to prove that no test depends on the day it runs. The servers must keep the real
 * clock: Postgres stamps rows with it, and a faked monotonic clock makes Redis and Postgres
 * time out on their own.
 *
 * @example spawn('redis-server', args, { env: withoutFakeTime(process.env) })
 */
export function withoutFakeTime(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(env)) {
    if (value === undefined || FAKETIME_VARIABLE.test(key)) continue;
    if (key === 'LD_PRELOAD') {
      const kept = value.split(/[:\s]+/).filter((lib) => lib !== '' && !LIBFAKETIME.test(lib));
      if (kept.length > 0) out[key] = kept.join(':');
      continue;
    }
    out[key] = value;
  }
  return out;
}

// libfaketime's settings: FAKETIME, FAKETIME_*, and the older unprefixed switches.
const FAKETIME_VARIABLE = /^(FAKETIME(_.*)?|DONT_FAKE_MONOTONIC|NO_FAKE_STAT|FAKE_STAT)$/;
const LIBFAKETIME = /(^|\/)libfaketime[^/]*\.so(\.\d+)*$/;
