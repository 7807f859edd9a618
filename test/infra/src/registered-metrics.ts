import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
/** Where the product registers metrics: the API and the workers (tests and test support excluded). */
const SOURCES = ['services/api/src', 'services/workers/src'];

/**
 * Names of every metric the code registers, found in the source: prom-client constructors
 * (`name: 'x'`), the workers' scrape-time gauges (`gaugeFrom('x'`) and the API's ops gauges
 * (`fromOps('x'`, `fromDrift('x'`, `…)('x'`). Histograms expose `_bucket`, `_sum` and `_count`.
 */
export function registeredMetricNames(): Set<string> {
  const names = new Set<string>();
  // Whitespace-tolerant: the formatter may put the name on its own line.
  const pattern = /(?:\bname:\s*|gaugeFrom\(\s*|fromOps\(\s*|fromDrift\(\s*|\)\(\s*)'([a-z_][a-z0-9_]*)'/g;
  for (const dir of SOURCES) {
    for (const file of tsFiles(join(ROOT, dir))) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(pattern)) names.add(m[1] ?? '');
      for (const m of text.matchAll(/new Histogram\(\{\s*name:\s*'([a-z_][a-z0-9_]*)'/g))
        for (const suffix of ['_bucket', '_sum', '_count']) names.add(`${m[1] ?? ''}${suffix}`);
    }
  }
  return names;
}

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter(
      (e) => e.isFile() && e.name.endsWith('.ts') && !/\.test\.ts$/.test(e.name) && !join(e.parentPath, e.name).includes('test-support'),
    )
    .map((e) => join(e.parentPath, e.name));
}

/** The metric names a PromQL expression reads (identifiers that are not functions, keywords, labels or durations). */
export function metricNamesIn(expr: string): string[] {
  const withoutStrings = expr
    .replace(/"[^"]*"/g, '""')
    .replace(/\{[^}]*\}/g, '{}')
    .replace(/\[[^\]]*\]/g, '[]');
  const withoutGrouping = withoutStrings.replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, '');
  const words = [...withoutGrouping.matchAll(/\b([a-zA-Z_:][a-zA-Z0-9_:]*)\b(?!\s*\()/g)].map((m) => m[1] ?? '');
  // Metric names here all carry an underscore; operators and keywords (and, or, bool, offset) do not.
  return words.filter((w) => w.includes('_'));
}
