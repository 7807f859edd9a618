/**
 * The one place tests, benches and the harness read real time: deadlines, timeouts and
 * elapsed durations. It is monotonic (`performance.now()`), never the wall clock, so a test
 * cannot take a business date from it and a faked date (libfaketime) cannot stretch a
 * deadline. Business dates come from a pinned simulated clock named in the test.
 *
 * The lint rule in eslint.config.js allows reading the clock here and nowhere else in tests.
 *
 * @example
 *   const deadline = realNowMs() + 5_000;
 *   while (realNowMs() < deadline) { … }
 */
export function realNowMs(): number {
  return performance.now();
}
