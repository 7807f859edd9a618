import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments, parse as parseYaml } from 'yaml';

/** A rendered Kubernetes object (plain JSON). */
export type K8sObject = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
} & Record<string, unknown>;

interface JsonPatchOp {
  readonly op: 'add' | 'replace' | 'remove';
  readonly path: string;
  readonly value?: unknown;
}

interface Kustomization {
  readonly resources?: readonly string[];
  readonly namespace?: string;
  readonly images?: readonly { readonly name: string; readonly newName?: string; readonly newTag?: string }[];
  readonly patches?: readonly { readonly target: { readonly kind: string; readonly name: string }; readonly patch: string }[];
}

/** The kustomization fields this renderer implements; any other field fails loudly instead of being ignored. */
const SUPPORTED = new Set(['apiVersion', 'kind', 'resources', 'namespace', 'images', 'patches']);

/**
 * Render a kustomization directory the way `kustomize build` does, for the subset infra/k8s
 * uses: `resources` (files and directories holding a kustomization), `namespace`, `images`
 * (newName/newTag) and `patches` given as inline JSON 6902 operations with a kind+name target.
 * Resources are rendered bottom-up: a base's objects, then the overlay's own, then the overlay's
 * transformations over all of them (as kustomize orders them).
 */
export function renderKustomization(dir: string): K8sObject[] {
  const k = parseYaml(readFileSync(join(dir, 'kustomization.yaml'), 'utf8')) as Kustomization & Record<string, unknown>;
  const unsupported = Object.keys(k).filter((key) => !SUPPORTED.has(key));
  if (unsupported.length > 0)
    throw new Error(`${dir}/kustomization.yaml uses ${unsupported.join(', ')}, which the test renderer does not implement`);
  const objects: K8sObject[] = [];
  for (const resource of k.resources ?? []) {
    const path = join(dir, resource);
    if (statSync(path).isDirectory()) objects.push(...renderKustomization(path));
    else objects.push(...readObjects(path));
  }
  for (const p of k.patches ?? []) {
    const targets = objects.filter((o) => o.kind === p.target.kind && o.metadata.name === p.target.name);
    if (targets.length !== 1) throw new Error(`${dir}: patch target ${p.target.kind}/${p.target.name} matches ${targets.length} objects`);
    for (const op of parseYaml(p.patch) as JsonPatchOp[]) applyJsonPatch(targets[0]!, op);
  }
  for (const image of k.images ?? []) {
    for (const container of objects.flatMap(containersOf)) {
      const [name, tag] = splitImage(container.image);
      if (name !== image.name) continue;
      container.image = `${image.newName ?? name}${image.newTag !== undefined ? `:${image.newTag}` : tag === undefined ? '' : `:${tag}`}`;
    }
  }
  if (k.namespace !== undefined) for (const o of objects) o.metadata.namespace = k.namespace;
  return objects;
}

function readObjects(path: string): K8sObject[] {
  return parseAllDocuments(readFileSync(path, 'utf8')).map((doc) => {
    if (doc.errors.length > 0) throw new Error(`${path}: ${doc.errors.map((e) => e.message).join('; ')}`);
    return doc.toJS() as K8sObject;
  });
}

/** Every container (init and regular) of a workload's pod template, or of a Pod. */
export function containersOf(o: K8sObject): { name: string; image: string; [k: string]: unknown }[] {
  const pod = podSpecOf(o);
  if (pod === undefined) return [];
  return [...((pod['initContainers'] as never[] | undefined) ?? []), ...((pod['containers'] as never[] | undefined) ?? [])];
}

export function podSpecOf(o: K8sObject): Record<string, unknown> | undefined {
  const spec = o['spec'] as Record<string, unknown> | undefined;
  if (o.kind === 'Pod') return spec;
  if (o.kind === 'CronJob')
    return (((spec?.['jobTemplate'] as Record<string, unknown>)['spec'] as Record<string, unknown>)['template'] as Record<string, unknown>)[
      'spec'
    ] as Record<string, unknown>;
  const template = spec?.['template'] as Record<string, unknown> | undefined;
  return template?.['spec'] as Record<string, unknown> | undefined;
}

function splitImage(image: string): [string, string | undefined] {
  const at = image.lastIndexOf(':');
  return at > image.lastIndexOf('/') ? [image.slice(0, at), image.slice(at + 1)] : [image, undefined];
}

function applyJsonPatch(target: Record<string, unknown>, op: JsonPatchOp): void {
  const keys = op.path
    .split('/')
    .slice(1)
    .map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'));
  const last = keys.pop();
  if (last === undefined) throw new Error(`patch path ${op.path} names no field`);
  let node: unknown = target;
  for (const key of keys) {
    node = (node as Record<string, unknown>)[key];
    if (typeof node !== 'object' || node === null) throw new Error(`patch path ${op.path}: ${key} does not exist`);
  }
  const parent = node as Record<string, unknown> | unknown[];
  if (Array.isArray(parent)) {
    const index = last === '-' ? parent.length : Number(last);
    if (op.op === 'add') parent.splice(index, 0, op.value);
    else if (op.op === 'replace') parent[index] = op.value;
    else parent.splice(index, 1);
    return;
  }
  if (op.op !== 'add' && !(last in parent)) throw new Error(`patch ${op.op} ${op.path}: no such field`);
  if (op.op === 'remove') delete parent[last];
  else parent[last] = op.value;
}
