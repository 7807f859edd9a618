import { STATEMENT_FILE_FORMATS } from '@payout/statements';
import type { CliOptions } from '../args.ts';

/** The options `statements parse` and `statements ingest` share: how to read the file. */
export const STATEMENT_FILE_OPTIONS = {
  format: {
    type: 'string',
    value: 'FORMAT',
    description: `${STATEMENT_FILE_FORMATS.join(', ')} (default auto: detected from the content)`,
  },
  'csv-mapping': {
    type: 'string',
    value: 'MAPPING.json',
    description: 'the column mapping of a CSV statement (needed for --format csv)',
  },
} as const satisfies CliOptions;
