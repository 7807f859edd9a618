import { abortCause } from '../http/http-exchange.ts';

/**
 * Resolve with `work`, or with `onAbort(cause)` as soon as `signal` aborts — so a call that
 * ignores its signal still ends at the deadline. A late result or error of `work` is dropped.
 */
export function raceAbort<T>(work: Promise<T>, signal: AbortSignal, onAbort: (cause: 'timeout' | 'aborted') => T): Promise<T> {
  if (signal.aborted) {
    work.catch(() => undefined);
    return Promise.resolve(onAbort(abortCause(signal)));
  }
  return new Promise<T>((resolve, reject) => {
    const abort = (): void => resolve(onAbort(abortCause(signal)));
    signal.addEventListener('abort', abort, { once: true });
    work.then(
      (v) => {
        signal.removeEventListener('abort', abort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', abort);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}

/** Sleep `ms`, ending early (resolving false) when `signal` aborts. */
export function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const done = (ok: boolean): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      resolve(ok);
    };
    const onAbort = (): void => done(false);
    const timer = setTimeout(() => done(true), ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
