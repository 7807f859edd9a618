// A child service for the supervisor test: ready at once; the first run then exits with code 3
// (it leaves a marker file), every later run stays up until SIGTERM.
import { existsSync, writeFileSync } from 'node:fs';

const marker = process.env['MARKER_FILE'] ?? '';
process.send?.({ event: 'ready', pid: process.pid, run: process.env['RUN'] ?? 'first' });
if (marker !== '' && !existsSync(marker)) {
  writeFileSync(marker, String(process.pid));
  setTimeout(() => process.exit(3), 20);
} else {
  const keepAlive = setInterval(() => undefined, 60_000);
  process.on('SIGTERM', () => {
    clearInterval(keepAlive);
    process.exit(0);
  });
}
