import type { ServerResponse } from 'node:http';
import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * Requests the simulator never answers (timeouts before/after execution, 'hang' outages):
 * held until the client gives up and closes the connection, or `maxHoldMs` passes; then the
 * connection is destroyed without a response. Released all at once on shutdown.
 */
export class Holds {
  private readonly held = new Set<ServerResponse>();
  private readonly maxHoldMs: number;

  constructor(maxHoldMs: number) {
    this.maxHoldMs = maxHoldMs;
  }

  get count(): number {
    return this.held.size;
  }

  async hold(reply: FastifyReply): Promise<void> {
    reply.hijack();
    const res = reply.raw;
    // The client may already have given up while we were executing: nothing to hold.
    if (res.destroyed || res.socket === null || res.socket.destroyed) {
      if (!res.destroyed) res.destroy();
      return;
    }
    this.held.add(res);
    await new Promise<void>((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(done, this.maxHoldMs);
      res.once('close', done);
    });
    this.held.delete(res);
    if (!res.destroyed) res.destroy();
  }

  /** Drop the connection under the request: the client sees a reset. */
  reset(request: FastifyRequest, reply: FastifyReply): void {
    reply.hijack();
    request.raw.socket.destroy();
  }

  releaseAll(): void {
    for (const res of this.held) res.destroy();
    this.held.clear();
  }
}
