// Public API of @payout/api: the app factory (main.ts is the process).
export { buildApp, type ApiDeps } from './app/build-app.ts';
export type { ApiApp } from './app/api-app.ts';
export { createLogger, type LoggerOptions } from './logging/logger.ts';
export { problemBody, PROBLEM_CONTENT_TYPE, type Problem } from './app/problem.ts';
