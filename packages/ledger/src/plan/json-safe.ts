/**
 * A deep copy with every bigint turned into its decimal string and every Date into its ISO
 * string: how plans, positions and reports leave the process (JSON has no bigint, and a
 * number would round large amounts). Nothing here ever produces a float.
 *
 * @example JSON.stringify(toJsonSafe(plan))
 */
export function toJsonSafe(value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(toJsonSafe);
  if (value instanceof Map) return Object.fromEntries([...value.entries()].map(([k, v]) => [String(k), toJsonSafe(v)]));
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = toJsonSafe(v);
    return out;
  }
  return value;
}
