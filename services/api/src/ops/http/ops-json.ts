/**
 * JSON for ops answers: bigint → decimal string (amounts are minor units as strings), Date →
 * ISO string. The API's serializer is JSON.stringify, which throws on bigint.
 */
export function toJson(value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(toJson);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = toJson(v);
    return out;
  }
  return value;
}

/** An ops answer body (always a JSON object). */
export function jsonBody(value: object): Record<string, unknown> {
  return toJson(value) as Record<string, unknown>;
}
