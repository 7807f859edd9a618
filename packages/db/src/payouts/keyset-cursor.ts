/**
 * An opaque page cursor: the (created_at, id) of the last row of a page, newest-first order.
 * created_at travels as Postgres' own microsecond text so no precision is lost in a JS Date.
 */
export interface KeysetPosition {
  /** ISO 8601 UTC with microseconds, e.g. 2026-11-25T10:00:00.123456Z */
  readonly createdAt: string;
  readonly id: string;
}

const TS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function encodeCursor(p: KeysetPosition): string {
  return Buffer.from(`${p.createdAt}|${p.id}`, 'utf8').toString('base64url');
}

/** Undefined when the cursor is not one this module made. */
export function decodeCursor(cursor: string): KeysetPosition | undefined {
  if (cursor.length > 200 || !/^[A-Za-z0-9_-]+$/.test(cursor)) return undefined;
  const [createdAt, id, ...rest] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (rest.length > 0 || createdAt === undefined || id === undefined || !TS.test(createdAt) || !UUID.test(id)) return undefined;
  return { createdAt, id };
}
