export { useRedis, usePostgres } from './use-services.ts';
export type { TestRedis, TestDatabase } from './use-services.ts';
export * from './index.ts';
