/**
 * JSON text for a jsonb parameter. bigint becomes a decimal string (JSON has no exact
 * integer type and JSON.stringify throws on bigint).
 */
export function jsonParam(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
}
