import type { ColumnType } from 'kysely';

// Column shapes shared by the table types, as the project's pools return them
// (support/pg-type-parsers.ts): int8 → bigint, date → 'YYYY-MM-DD', timestamptz → Date.

/** timestamptz without a default: written as a Date or an ISO string, read as a Date. */
export type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** timestamptz with `default now()`: may be left out on insert. */
export type DefaultedTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
/** jsonb: read as the parsed value, written as JSON text (`JSON.stringify`, or `jsonParam`). */
export type Json<T = unknown> = ColumnType<T, string, string>;
/** jsonb with a default: may be left out on insert. */
export type DefaultedJson<T = unknown> = ColumnType<T, string | undefined, string>;
/** date: the `YYYY-MM-DD` text as stored. */
export type LocalDateColumn = string;
