import { LOG_REDACT_CENSOR, LOG_REDACT_PATHS } from '@payout/domain';
import { pino, type DestinationStream, type Logger } from 'pino';

/** The simulator's JSON logs (stdout, or `destination`), redacted by the shared LOG_REDACT_PATHS like every service's. */
export function createBankSimLogger(level: string, destination?: DestinationStream): Logger {
  return pino({ name: 'bank-sim', level, redact: { paths: [...LOG_REDACT_PATHS], censor: LOG_REDACT_CENSOR } }, destination);
}
