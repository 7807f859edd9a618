import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { metricNamesIn, registeredMetricNames } from './registered-metrics.ts';

const INFRA = fileURLToPath(new URL('../../../infra/', import.meta.url));
const registered = registeredMetricNames();

interface Panel {
  id: number;
  type: string;
  title: string;
  gridPos: { h: number; w: number; x: number; y: number };
  datasource?: { type: string; uid: string };
  targets?: { refId: string; expr: string }[];
}
interface Dashboard {
  uid: string;
  title: string;
  schemaVersion: number;
  time: { from: string; to: string };
  templating: { list: { name: string; type: string }[] };
  panels: Panel[];
}
interface RuleFile {
  groups: {
    name: string;
    rules: {
      alert?: string;
      record?: string;
      expr: string;
      for?: string;
      labels?: Record<string, string>;
      annotations?: Record<string, string>;
    }[];
  }[];
}

const dashboard = JSON.parse(readFileSync(`${INFRA}grafana/payout-worker.json`, 'utf8')) as Dashboard;
const rules = parseYaml(readFileSync(`${INFRA}prometheus/alerts.yml`, 'utf8')) as RuleFile;
const production = readFileSync(fileURLToPath(new URL('../../../docs/production.md', import.meta.url)), 'utf8');

/** Process metrics of prom-client's collectDefaultMetrics (both services register them). */
const isDefaultMetric = (name: string): boolean => /^(process|nodejs)_/.test(name);

describe('metric names found in the code', () => {
  it('include the API and workers metrics (the search finds what it should)', () => {
    for (const name of [
      'http_requests_total',
      'http_request_duration_seconds_bucket',
      'payout_unknown_attempts',
      'bank_breaker_open',
      'payout_queue_jobs',
      'payout_calendar_days_left',
      'payout_submits_total',
    ]) {
      expect(registered, name).toContain(name);
    }
    expect(
      metricNamesIn(
        'histogram_quantile(0.95, sum by (le, route) (rate(http_request_duration_seconds_bucket{service="api", x=~"5.."}[5m]))) > 0.5 and on (x) up_total',
      ),
    ).toEqual(['http_request_duration_seconds_bucket', 'up_total']);
  });
});

describe('infra/grafana/payout-worker.json', () => {
  it('has what Grafana needs to import it', () => {
    expect(dashboard).toMatchObject({
      uid: expect.stringMatching(/^[a-z0-9-]{1,40}$/),
      title: expect.any(String),
      schemaVersion: expect.any(Number),
    });
    expect(dashboard.time).toEqual({ from: expect.any(String), to: expect.any(String) });
    expect(dashboard.templating.list.find((v) => v.name === 'datasource')).toMatchObject({ type: 'datasource' });
    const ids = dashboard.panels.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const p of dashboard.panels) {
      expect(p, p.title).toMatchObject({ id: expect.any(Number), type: expect.any(String), title: expect.any(String) });
      expect(p.gridPos.w + p.gridPos.x, p.title).toBeLessThanOrEqual(24);
      expect(p.gridPos.h, p.title).toBeGreaterThan(0);
      if (p.type === 'row') continue;
      expect(p.datasource, p.title).toEqual({ type: 'prometheus', uid: '${datasource}' });
      expect(p.targets?.length, p.title).toBeGreaterThan(0);
      const refIds = (p.targets ?? []).map((t) => t.refId);
      expect(new Set(refIds).size, p.title).toBe(refIds.length);
    }
  });

  it('reads only metrics the code registers', () => {
    const unknown = dashboard.panels.flatMap((p) =>
      (p.targets ?? []).flatMap((t) =>
        metricNamesIn(t.expr)
          .filter((m) => !registered.has(m) && !isDefaultMetric(m))
          .map((m) => `${p.title}: ${m}`),
      ),
    );
    expect(unknown).toEqual([]);
    const used = new Set(dashboard.panels.flatMap((p) => (p.targets ?? []).flatMap((t) => metricNamesIn(t.expr))));
    expect(used.size).toBeGreaterThan(20);
  });
});

describe('infra/prometheus/alerts.yml', () => {
  const alerts = rules.groups.flatMap((g) => g.rules).filter((r) => r.alert !== undefined);

  it('reads only metrics the code registers', () => {
    const unknown = alerts.flatMap((r) =>
      metricNamesIn(r.expr)
        .filter((m) => !registered.has(m))
        .map((m) => `${r.alert ?? ''}: ${m}`),
    );
    expect(unknown).toEqual([]);
  });

  it('gives every alert a severity and a runbook section that exists in docs/production.md', () => {
    const anchors = new Set(
      [...production.matchAll(/^#{2,4} (.+)$/gm)].map((m) =>
        (m[1] ?? '')
          .toLowerCase()
          .replace(/[^a-z0-9 -]/g, '')
          .replace(/ /g, '-'),
      ),
    );
    for (const r of alerts) {
      expect(r.labels?.['severity'], r.alert).toMatch(/^(warning|critical)$/);
      const runbook = r.annotations?.['runbook_url'] ?? '';
      expect(runbook, r.alert).toMatch(/^docs\/production\.md#[a-z0-9-]+$/);
      expect(anchors, `${r.alert}: ${runbook}`).toContain(runbook.split('#')[1]);
    }
  });

  it('passes promtool check rules and its unit tests (alerts.test.yml)', (ctx) => {
    const promtool = process.env['PROMTOOL_BIN'] ?? 'promtool';
    const version = spawnSync(promtool, ['--version'], { encoding: 'utf8' });
    if (version.error !== undefined) {
      // ./dev installs Debian's prometheus package where it can; CI must never skip this.
      if (process.env['CI'] !== undefined && process.env['CI'] !== '' && process.env['CI'] !== 'false')
        throw new Error(`promtool not found (${version.error.message}); install Debian's prometheus package`);
      process.stderr.write('[infra] promtool not installed: the alert-rule check is SKIPPED (apt-get install prometheus)\n');
      ctx.skip();
      return;
    }
    for (const args of [
      ['check', 'rules', 'alerts.yml'],
      ['test', 'rules', 'alerts.test.yml'],
    ]) {
      const r = spawnSync(promtool, args, { cwd: `${INFRA}prometheus`, encoding: 'utf8' });
      expect(r.status, `promtool ${args.join(' ')}:\n${r.stdout}${r.stderr}`).toBe(0);
    }
  });
});
