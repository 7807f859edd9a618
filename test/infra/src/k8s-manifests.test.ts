import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseChannels, parseWorkerConfig, WORKER_ROLES } from '@payout/workers';
import { containersOf, podSpecOf, renderKustomization, type K8sObject } from './kustomize-render.ts';

const K8S = fileURLToPath(new URL('../../../infra/k8s/', import.meta.url));
const base = renderKustomization(`${K8S}base`);
const example = renderKustomization(`${K8S}overlays/example`);

type Json = Record<string, unknown>;
interface Container {
  name: string;
  image: string;
  env?: { name: string; value?: string; valueFrom?: Json }[];
  envFrom?: { configMapRef?: { name: string } }[];
  ports?: { name?: string; containerPort: number }[];
  readinessProbe?: { httpGet?: { path: string; port: string | number } };
  livenessProbe?: { httpGet?: { path: string; port: string | number } };
  securityContext?: Json;
}

const byKind = (objects: readonly K8sObject[], kind: string): K8sObject[] => objects.filter((o) => o.kind === kind);
const containers = (o: K8sObject): Container[] => containersOf(o);
const labelsOf = (o: K8sObject): Record<string, string> =>
  ((((o['spec'] as Json)['template'] as Json)['metadata'] as Json)['labels'] as Record<string, string> | undefined) ?? {};

/** The model class of an object's apiVersion/kind in kubernetes-models (the official OpenAPI schemas). */
async function validateWithSchema(o: K8sObject): Promise<void> {
  const mod = (await import(/* @vite-ignore */ `kubernetes-models/${o.apiVersion}/${o.kind}`)) as Record<
    string,
    new (data: unknown) => { validate(): void }
  >;
  const Model = mod[o.kind];
  if (Model === undefined) throw new Error(`kubernetes-models has no ${o.apiVersion} ${o.kind}`);
  new Model(o).validate();
}

/** What a container's process sees: ConfigMap keys (envFrom) overridden by its own env; secrets by placeholder URLs. */
function environmentOf(c: Container, objects: readonly K8sObject[]): Record<string, string> {
  const env: Record<string, string> = {};
  for (const from of c.envFrom ?? []) {
    const cm = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === from.configMapRef?.name);
    Object.assign(env, (cm?.['data'] as Record<string, string> | undefined) ?? {});
  }
  for (const e of c.env ?? []) {
    if (e.value !== undefined) env[e.name] = e.value;
    else if (e.name === 'DATABASE_URL') env[e.name] = 'postgres://payout@db:5432/payout';
    else if (e.name === 'REDIS_URL') env[e.name] = 'redis://redis:6379';
  }
  return env;
}

describe('the schema validation', () => {
  it('refuses what the Kubernetes schemas refuse (so a pass means something)', async () => {
    const broken = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'x' },
      spec: { replicas: 'two', selector: {}, template: {} },
    } as unknown as K8sObject;
    await expect(validateWithSchema(broken)).rejects.toThrow(/replicas must be integer/);
  });
});

describe.each([
  ['base', base],
  ['overlays/example', example],
])('infra/k8s/%s', (_name, objects) => {
  it('renders objects that the Kubernetes schemas accept', async () => {
    expect(objects.length).toBeGreaterThan(10);
    for (const o of objects) {
      try {
        await validateWithSchema(o);
      } catch (error) {
        throw new Error(`${o.kind}/${o.metadata.name}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  });

  it('holds no Secret: DATABASE_URL and REDIS_URL come by reference from payout-secrets', () => {
    expect(byKind(objects, 'Secret')).toEqual([]);
    for (const o of objects) {
      for (const c of containers(o)) {
        for (const e of c.env ?? []) {
          if (/URL$|PASSWORD|TOKEN|KEY$/.test(e.name) && e.name !== 'SIM_URL')
            expect({ workload: o.metadata.name, env: e.name, ref: e.valueFrom?.['secretKeyRef'] }).toMatchObject({
              ref: { name: 'payout-secrets' },
            });
        }
      }
    }
  });

  it('runs one Deployment per worker role, each with a PodDisruptionBudget, probes that check Postgres and Redis, and grace for the longest bank call', () => {
    const config = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'payout-config')?.['data'] as Record<string, string>;
    const pdbs = byKind(objects, 'PodDisruptionBudget');
    const workers = byKind(objects, 'Deployment').filter((d) => labelsOf(d)['app.kubernetes.io/name'] === 'payout-workers');
    const roles = workers.map((d) => containers(d)[0]?.env?.find((e) => e.name === 'WORKER_ROLES')?.value);
    expect(roles.toSorted()).toEqual([...WORKER_ROLES].toSorted());
    const longestCallMs = Math.max(Number(config['SUBMIT_TIMEOUT_MS']), Number(config['QUERY_TIMEOUT_MS']));
    for (const d of workers) {
      const [c] = containers(d);
      expect(c?.readinessProbe?.httpGet).toMatchObject({ path: '/readyz', port: 'metrics' });
      expect(c?.livenessProbe?.httpGet).toMatchObject({ path: '/healthz', port: 'metrics' });
      expect(c?.ports).toContainEqual({ name: 'metrics', containerPort: Number(config['METRICS_PORT']) });
      const graceSeconds = podSpecOf(d)?.['terminationGracePeriodSeconds'] as number;
      expect(graceSeconds * 1000, d.metadata.name).toBeGreaterThan(Number(config['SHUTDOWN_GRACE_MS']) + longestCallMs);
      const selector = labelsOf(d);
      expect(
        pdbs.some((p) =>
          Object.entries(((p['spec'] as Json)['selector'] as Json)['matchLabels'] as Record<string, string>).every(
            ([k, v]) => selector[k] === v,
          ),
        ),
        `${d.metadata.name} has a PodDisruptionBudget`,
      ).toBe(true);
    }
  });

  it('gives the API a readiness probe on the database and a PodDisruptionBudget', () => {
    const [api] = byKind(objects, 'Deployment').filter((d) => d.metadata.name === 'payout-api');
    expect(api).toBeDefined();
    const [c] = containers(api!);
    expect(c?.readinessProbe?.httpGet).toMatchObject({ path: '/readyz', port: 'http' });
    expect(c?.livenessProbe?.httpGet).toMatchObject({ path: '/healthz', port: 'http' });
    expect(byKind(objects, 'PodDisruptionBudget').map((p) => p.metadata.name)).toContain('payout-api');
  });

  it('runs every pod as a non-root user with a read-only root filesystem and no privilege escalation', () => {
    for (const o of objects) {
      const pod = podSpecOf(o);
      if (pod === undefined) continue;
      expect((pod['securityContext'] as Json | undefined)?.['runAsNonRoot'], o.metadata.name).toBe(true);
      for (const c of containers(o))
        expect(c.securityContext, `${o.metadata.name}/${c.name}`).toMatchObject({
          allowPrivilegeEscalation: false,
          readOnlyRootFilesystem: true,
        });
    }
  });

  it('migrates with a Job running the product CLI from the API image', () => {
    const [job] = byKind(objects, 'Job');
    const [c] = containers(job!);
    expect(c?.image).toMatch(/payout.*api/);
    expect(c).toMatchObject({ command: ['node', '--enable-source-maps', 'dist/cli.js', 'migrate'] });
  });
});

describe('the example overlay', () => {
  it('adds the bank simulator (only there), pins image tags and points every worker at real settings', () => {
    const simIn = (objects: readonly K8sObject[]) => objects.some((o) => o.metadata.name === 'payout-bank-sim');
    expect(simIn(base)).toBe(false);
    expect(simIn(example)).toBe(true);
    for (const o of example) {
      expect(o.metadata.namespace).toBe('payout-example');
      for (const c of containers(o)) expect(c.image).toMatch(/^registry\.example\.com\/payout\/[a-z-]+:\d+\.\d+\.\d+$/);
    }
    const submit = example.find((o) => o.kind === 'Deployment' && o.metadata.name === 'payout-workers-submit');
    expect((submit?.['spec'] as Json)['replicas']).toBe(3);
  });

  it('configures every worker Deployment with settings the workers accept, and channels they can parse', () => {
    const channels = example.find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'payout-channels')?.['data'] as Record<
      string,
      string
    >;
    const json = channels['channels.json'] ?? '';
    expect(parseChannels(JSON.parse(json)).map((c) => c.id).length).toBeGreaterThan(0);
    for (const d of byKind(example, 'Deployment').filter((o) => labelsOf(o)['app.kubernetes.io/name'] === 'payout-workers')) {
      const env = environmentOf(containers(d)[0]!, example);
      const config = parseWorkerConfig(env, (path) => {
        if (path !== '/etc/payout/channels.json') throw new Error(`unexpected file ${path}`);
        return json;
      });
      expect(config.clock.kind).toBe('sim');
      expect([...config.roles]).toEqual([env['WORKER_ROLES']]);
    }
  });
});
