/**
 * A real server a test can fail on purpose.
 *
 * @example
 *   const pg = await startPostgresServer();
 *   await pg.kill();   // SIGKILL, no shutdown
 *   await pg.start();  // same port, same data
 *   await pg.dispose();
 */
export interface ServerHandle {
  readonly kind: 'redis' | 'postgres';
  readonly backend: 'local-process' | 'container';
  readonly host: string;
  readonly port: number;
  /** Connection URL (for Postgres: the maintenance database `postgres`). */
  readonly url: string;
  /** Graceful shutdown; data kept. */
  stop(): Promise<void>;
  /** Start again on the same port with the same data; resolves when it answers. */
  start(): Promise<void>;
  /** SIGKILL: no shutdown, no flush. Resolves when the process is gone. */
  kill(): Promise<void>;
  /**
   * SIGSTOP the server and every process of it (Postgres: the postmaster and its backends):
   * connections stay open and every query hangs — a stall, as in a failover or a frozen VM.
   */
  freeze(): Promise<void>;
  /** SIGCONT after `freeze`: the server carries on where it stopped. */
  thaw(): Promise<void>;
  /** Stop for good and delete its data. Idempotent. */
  dispose(): Promise<void>;
}
