import type { Db } from '../../database.ts';
import { recordBankExchanges, type BankExchange } from './bank-exchange.repository.ts';

/**
 * Where the bank layer reports each request and answer. `record` never blocks a bank call and
 * never throws: the log is evidence for people, not part of the money path.
 *
 * @example
 *   const recorder = createBankExchangeRecorder(db, { onError: (e) => log.warn({ err: e }, 'bank exchange log') });
 *   const bank = createResilientBank(withBankExchangeRecording(createBankAdapter(profile, endpoints), recorder), deps);
 *   …
 *   await recorder.close(); // on shutdown: writes what is buffered
 */
export interface BankExchangeRecorder {
  record(exchange: BankExchange): void;
}

export interface BufferedBankExchangeRecorder extends BankExchangeRecorder {
  /** Writes everything buffered so far. */
  flush(): Promise<void>;
  /** Stops the timer and flushes. */
  close(): Promise<void>;
}

export interface BankExchangeRecorderOptions {
  /** Write at least this often (default 200 ms). */
  readonly flushIntervalMs?: number;
  /** Write as soon as this many are buffered (default 500). */
  readonly maxBuffer?: number;
  /** Keep at most this many waiting when the database is down (default 50 000); older ones are dropped and counted. */
  readonly maxPending?: number;
  readonly onError?: (err: unknown) => void;
}

/**
 * Buffers exchanges and writes them in multi-row inserts off the bank call's path. A crash can
 * lose the last interval's entries; the attempt rows and events (written transactionally)
 * remain the record of what happened.
 */
export function createBankExchangeRecorder(db: Db, options: BankExchangeRecorderOptions = {}): BufferedBankExchangeRecorder {
  const maxBuffer = options.maxBuffer ?? 500;
  const maxPending = options.maxPending ?? 50_000;
  let buffer: BankExchange[] = [];
  let writing: Promise<void> = Promise.resolve();
  let closed = false;

  const flush = (): Promise<void> => {
    writing = writing.then(async () => {
      while (buffer.length > 0) {
        const batch = buffer.slice(0, maxBuffer);
        try {
          await recordBankExchanges(db, batch);
          buffer = buffer.slice(batch.length);
        } catch (err) {
          options.onError?.(err);
          return; // keep them; the next flush tries again
        }
      }
    });
    return writing;
  };

  const timer = setInterval(() => void flush(), options.flushIntervalMs ?? 200);
  timer.unref();

  return {
    record(exchange) {
      if (closed) return;
      buffer.push(exchange);
      if (buffer.length > maxPending) {
        const dropped = buffer.length - maxPending;
        buffer = buffer.slice(dropped);
        options.onError?.(new Error(`bank exchange log: dropped ${dropped} entries while the database was unavailable`));
      }
      if (buffer.length >= maxBuffer) void flush();
    },
    flush,
    async close() {
      closed = true;
      clearInterval(timer);
      await flush();
    },
  };
}
