import { createServer, connect, type Server, type Socket } from 'node:net';
import { waitFor } from '@payout/test-harness';
import { afterAll, describe, expect, it } from 'vitest';
import { startTcpProxy, type TcpProxy } from './tcp-proxy.ts';

/** An echo server on 127.0.0.1. */
async function echoServer(): Promise<Server> {
  const server = createServer((s) => {
    s.on('error', () => undefined);
    s.pipe(s);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

/** A client that collects what it receives and remembers how it ended. */
function client(port: number): { socket: Socket; received: () => string; ended: () => string | undefined } {
  let data = '';
  let ended: string | undefined;
  const socket = connect({ host: '127.0.0.1', port });
  socket.setEncoding('utf8');
  socket.on('data', (d: string) => (data += d));
  socket.on('error', (e: NodeJS.ErrnoException) => (ended = e.code ?? e.message));
  socket.on('close', () => (ended ??= 'closed'));
  return { socket, received: () => data, ended: () => ended };
}

describe('loopback TCP proxy', () => {
  let echo: Server | undefined;
  let proxy: TcpProxy | undefined;
  afterAll(async () => {
    await proxy?.close();
    await new Promise((r) => echo?.close(r));
  });

  it('passes traffic, black-holes it and lets it through on restore, cuts every connection and refuses new ones', async () => {
    echo = await echoServer();
    const address = echo.address();
    if (address === null || typeof address === 'string') throw new Error('no port');
    proxy = await startTcpProxy({ targetPort: address.port, maxConnections: 8 });
    const p = proxy;

    const a = client(p.port);
    a.socket.write('one');
    await waitFor(() => a.received() === 'one', { timeoutMs: 5_000, message: 'echo through the proxy' });

    p.blackhole();
    a.socket.write('two');
    const b = client(p.port);
    b.socket.write('held');
    await waitFor(() => p.connections === 2, { timeoutMs: 5_000, message: 'a new connection accepted while black-holed' });
    // Nothing may come back while black-holed, though the echo answers a direct client meanwhile.
    for (let i = 0; i < 3; i++) {
      const direct = client(address.port);
      direct.socket.write('ping');
      await waitFor(() => direct.received() === 'ping', { timeoutMs: 5_000, message: 'the echo answers directly' });
      direct.socket.destroy();
    }
    expect([a.received(), b.received(), a.ended(), b.ended()]).toEqual(['one', '', undefined, undefined]);

    p.restore();
    await waitFor(() => a.received() === 'onetwo' && b.received() === 'held', {
      timeoutMs: 5_000,
      message: 'held traffic delivered after restore',
    });

    p.cut();
    await waitFor(() => a.ended() !== undefined && b.ended() !== undefined, { timeoutMs: 5_000, message: 'connections cut' });
    expect(p.peakConnections).toBe(2);
    expect(p.connections).toBe(0);
    const c = client(p.port);
    await waitFor(() => c.ended() !== undefined, { timeoutMs: 5_000, message: 'a new connection refused while cut' });
    expect(c.received()).toBe('');

    p.restore();
    const d = client(p.port);
    d.socket.write('back');
    await waitFor(() => d.received() === 'back', { timeoutMs: 5_000, message: 'traffic after restore' });
    d.socket.destroy();
  });
});
