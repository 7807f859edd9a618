import type { FastifySchemaCompiler, FastifySerializerCompiler, FastifyTypeProvider } from 'fastify';
import type { FastifySchema } from 'fastify';
import { z } from 'zod';
import type { ParsedPayoutRequest } from '@payout/queue';
import { payoutErrorFromZod } from '@payout/queue';

/** Route schemas are zod schemas: handlers see the parsed (output) type. */
export interface ZodTypeProvider extends FastifyTypeProvider {
  readonly validator: this['schema'] extends z.ZodType ? z.output<this['schema']> : unknown;
  readonly serializer: this['schema'] extends z.ZodType ? z.input<this['schema']> : unknown;
}

/** Schemas whose parse has its own error mapping (e.g. the payout request's field codes). */
const customParsers = new WeakMap<z.ZodType, (data: unknown) => ParsedPayoutRequest>();

export function useCustomParser(schema: z.ZodType, parse: (data: unknown) => ParsedPayoutRequest): void {
  customParsers.set(schema, parse);
}

/**
 * Validation with zod: the parsed value replaces the raw one; failures become a PayoutError
 * (registry code, field path, no echoed values) that the error handler turns into problem+json.
 */
export const zodValidatorCompiler: FastifySchemaCompiler<z.ZodType> = ({ schema, httpPart }) => {
  const custom = customParsers.get(schema);
  if (custom !== undefined) {
    return (data: unknown) => {
      const r = custom(data);
      return r.ok ? { value: r.request } : { error: r.error };
    };
  }
  return (data: unknown) => {
    const r = schema.safeParse(data);
    return r.success ? { value: r.data } : { error: payoutErrorFromZod(r.error, { where: httpPart ?? 'request' }) };
  };
};

/** Responses are built as plain JSON values by the handlers; the schemas document them. */
export const jsonSerializerCompiler: FastifySerializerCompiler<unknown> = () => (data) => JSON.stringify(data);

function toJsonSchema(s: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(s, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as Record<
    string,
    unknown
  >;
  return rest;
}

function convert(value: unknown, io: 'input' | 'output'): unknown {
  if (value instanceof z.ZodType) return toJsonSchema(value, io);
  if (typeof value !== 'object' || value === null) return value;
  const v = value as Record<string, unknown>;
  if (typeof v['content'] === 'object' && v['content'] !== null) {
    const content: Record<string, unknown> = {};
    for (const [mediaType, entry] of Object.entries(v['content'] as Record<string, { schema?: unknown }>)) {
      content[mediaType] = { ...entry, schema: convert(entry.schema, io) };
    }
    return { ...v, content };
  }
  return v;
}

/** @fastify/swagger `transform`: zod route schemas → JSON Schema 2020-12 (OpenAPI 3.1). */
export function zodSwaggerTransform({ schema, url }: { schema: FastifySchema; url: string }): { schema: FastifySchema; url: string } {
  if (schema === undefined || schema === null) return { schema, url };
  const s = schema as Record<string, unknown>;
  const out: Record<string, unknown> = { ...s };
  for (const part of ['body', 'headers', 'querystring', 'params'] as const) {
    if (s[part] !== undefined) out[part] = convert(s[part], 'input');
  }
  if (typeof s['response'] === 'object' && s['response'] !== null) {
    out['response'] = Object.fromEntries(
      Object.entries(s['response'] as Record<string, unknown>).map(([code, r]) => [code, convert(r, 'output')]),
    );
  }
  return { schema: out, url };
}
