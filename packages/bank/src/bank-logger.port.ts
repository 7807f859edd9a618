/**
 * The logging this package needs — a subset of pino's API, so a pino logger (or a child
 * logger per job) can be passed as is. Never log full account numbers (use maskAccount).
 *
 * @example createResilientBank(adapter, { logger: pino().child({ channel: 'cn-icbc' }), … })
 */
export interface BankLogger {
  info(obj: Record<string, unknown>, msg: string): void;
  warn(obj: Record<string, unknown>, msg: string): void;
  error(obj: Record<string, unknown>, msg: string): void;
}

export const silentLogger: BankLogger = {
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};
