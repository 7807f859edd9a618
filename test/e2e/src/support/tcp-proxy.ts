import { createServer, connect, type Server, type Socket } from 'node:net';

/** What the proxy does with traffic: forward it, refuse it (reset), or swallow it (hold, forward nothing). */
export type ProxyMode = 'pass' | 'cut' | 'blackhole';

/**
 * A loopback TCP proxy between processes and a server, for partition tests: it forwards
 * traffic, cuts every connection (RST) and refuses new ones, or black-holes (accepts and keeps
 * connections but forwards nothing — like a network that drops packets) until `restore()`.
 *
 * Bounded: it listens on 127.0.0.1 and connects only to 127.0.0.1, holds at most
 * `maxConnections`, and a black-holed connection stops reading (TCP back-pressure) instead of
 * buffering: what was sent waits in the kernel's buffers. `restore()` lets held connections carry on, as a healed network does.
 *
 * @example
 *   const proxy = await startTcpProxy({ targetPort: pg.port });
 *   // processes use proxy.port instead of pg.port
 *   proxy.cut();       // every connection reset, new ones refused
 *   proxy.restore();   // traffic flows again
 *   await proxy.close();
 */
export interface TcpProxy {
  readonly port: number;
  readonly mode: ProxyMode;
  /** Connections open now (each is a client/server socket pair). */
  readonly connections: number;
  /** The most connections open at once so far. */
  readonly peakConnections: number;
  /** Connections reset on arrival because `maxConnections` were open. */
  readonly turnedAway: number;
  /** Reset every connection and refuse (reset) new ones until `restore()`. */
  cut(): void;
  /** Keep connections open but forward nothing, either way, until `restore()`. */
  blackhole(): void;
  /** Forward again; held connections resume. */
  restore(): void;
  close(): Promise<void>;
}

const LOOPBACK = '127.0.0.1';

interface Pair {
  readonly client: Socket;
  readonly server: Socket;
  held: boolean;
}

/** Forward `from` to `to` by hand (not pipe(), whose 'drain' handler would resume a held socket). */
function forward(pair: Pair, from: Socket, to: Socket): void {
  from.on('data', (chunk) => {
    if (!to.write(chunk)) from.pause();
  });
  to.on('drain', () => {
    if (!pair.held) from.resume();
  });
  from.on('end', () => to.end());
}

export async function startTcpProxy(opts: { readonly targetPort: number; readonly maxConnections?: number }): Promise<TcpProxy> {
  const max = opts.maxConnections ?? 256;
  const pairs = new Set<Pair>();
  let mode: ProxyMode = 'pass';
  let peak = 0;
  let turnedAway = 0;

  const reset = (s: Socket): void => {
    if (!s.destroyed) s.resetAndDestroy();
  };
  const hold = (p: Pair): void => {
    p.held = true;
    p.client.pause();
    p.server.pause();
  };
  const flow = (p: Pair): void => {
    p.held = false;
    p.client.resume();
    p.server.resume();
  };

  const server: Server = createServer({ pauseOnConnect: true }, (client) => {
    client.on('error', () => undefined);
    if (mode === 'cut' || pairs.size >= max) {
      if (mode !== 'cut') turnedAway += 1;
      reset(client);
      return;
    }
    const upstream = connect({ host: LOOPBACK, port: opts.targetPort });
    upstream.on('error', () => undefined);
    const pair: Pair = { client, server: upstream, held: false };
    pairs.add(pair);
    peak = Math.max(peak, pairs.size);
    forward(pair, client, upstream);
    forward(pair, upstream, client);
    const end = (): void => {
      if (!pairs.delete(pair)) return;
      reset(client);
      reset(upstream);
    };
    client.once('close', end);
    upstream.once('close', end);
    if (mode === 'blackhole') hold(pair);
    else flow(pair);
  });
  server.maxConnections = max;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, LOOPBACK, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('tcp proxy: no port');

  return {
    port: address.port,
    get mode() {
      return mode;
    },
    get connections() {
      return pairs.size;
    },
    get peakConnections() {
      return peak;
    },
    get turnedAway() {
      return turnedAway;
    },
    cut() {
      mode = 'cut';
      for (const p of [...pairs]) {
        pairs.delete(p);
        reset(p.client);
        reset(p.server);
      }
    },
    blackhole() {
      mode = 'blackhole';
      for (const p of pairs) hold(p);
    },
    restore() {
      mode = 'pass';
      for (const p of pairs) flow(p);
    },
    async close() {
      for (const p of [...pairs]) {
        pairs.delete(p);
        reset(p.client);
        reset(p.server);
      }
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
