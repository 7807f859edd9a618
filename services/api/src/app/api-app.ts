import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { ApiPrincipal, ApiScope } from '@payout/db';
import type { ZodTypeProvider } from './zod-schema.ts';

/** The Fastify instance routes are registered on (zod schemas, pino logger). */
export type ApiApp = FastifyInstance<Server, IncomingMessage, ServerResponse, Logger, ZodTypeProvider>;

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the auth hook on every non-public route. */
    principal: ApiPrincipal | null;
  }
  interface FastifyContextConfig {
    /** No API key needed (health, OpenAPI document). */
    public?: boolean;
    /** The key needs one of these scopes. */
    scopes?: readonly ApiScope[];
  }
}

/** The principal of an authenticated route (the auth hook guarantees it is set). */
export function principalOf(req: { principal: ApiPrincipal | null }): ApiPrincipal {
  if (req.principal === null) throw new Error('route reached without authentication');
  return req.principal;
}
