import pg from 'pg';

const INT8 = 20;
const INT8_ARRAY = 1016;
const DATE = 1082;

const builtinParser = pg.types.getTypeParser as unknown as (oid: number, format?: string) => (value: string) => unknown;
const parseBigIntArray = builtinParser(INT8_ARRAY);

/**
 * Type parsers for this project's pools (per pool, not the process-wide `pg.types`, so a
 * library sharing the process keeps its own behaviour):
 * - int8 → `bigint` (money in minor units and counts never pass through floats);
 * - int8[] → `bigint[]`;
 * - date → the `YYYY-MM-DD` string as stored (pg's default builds a local-time Date, which
 *   shifts the day in zones west of UTC);
 * - numeric stays a string (pg's default).
 */
export const PG_TYPES: { getTypeParser: typeof pg.types.getTypeParser } = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (format === undefined || format === 'text') {
      if (oid === INT8) return (value: string) => BigInt(value);
      if (oid === INT8_ARRAY) {
        return (value: string) => {
          const parsed = parseBigIntArray(value);
          return Array.isArray(parsed) ? parsed.map((v: unknown) => (v === null ? null : BigInt(String(v)))) : parsed;
        };
      }
      if (oid === DATE) return (value: string) => value;
    }
    return builtinParser(oid, format);
  }) as typeof pg.types.getTypeParser,
};
