/** Below this many characters even the last 4 would reveal too much: mask everything. */
const MIN_LENGTH_TO_SHOW = 8;

/**
 * The one masking function for logs, errors and UIs: "****" + the last 4 characters,
 * e.g. "DE89 3704 0044 0532 0130 00" → "****3000". Spaces and dashes are ignored; the length
 * is not revealed; inputs shorter than 8 characters (and non-strings) become "****".
 */
export function maskAccount(s: string): string {
  if (typeof s !== 'string') return '****';
  const compact = s.replace(/[\s-]/g, '');
  if (compact.length < MIN_LENGTH_TO_SHOW) return '****';
  return `****${compact.slice(-4)}`;
}
