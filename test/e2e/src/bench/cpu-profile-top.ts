// Summarise a V8 .cpuprofile (from `node --cpu-prof` or cpu-profile-probe.ts): self time by
// package, file and function (with file:line), and inclusive time of the project's own
// functions, so a benchmark's hot spots can be named without a GUI.
// Usage: ./dev node test/e2e/src/bench/cpu-profile-top.ts <file.cpuprofile> [top=30]
import { readFileSync } from 'node:fs';

interface CallFrame {
  readonly functionName: string;
  readonly url: string;
  /** 0-based. */
  readonly lineNumber: number;
}
interface ProfileNode {
  readonly id: number;
  readonly callFrame: CallFrame;
  readonly children?: readonly number[];
}
interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
  readonly startTime: number;
  readonly endTime: number;
}

const [file, topArg] = process.argv.slice(2);
if (file === undefined) throw new Error('usage: cpu-profile-top.ts <file.cpuprofile> [top]');
const top = Number(topArg ?? 30);
const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;

const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const selfUs = new Map<number, number>();
profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
const totalUs = profile.endTime - profile.startTime;
const idleUs = [...selfUs.entries()].filter(([id]) => byId.get(id)?.callFrame.functionName === '(idle)').reduce((a, [, us]) => a + us, 0);

const shortUrl = (url: string): string =>
  url
    .replace(/^file:\/\//, '')
    .replace(/^.*\/node_modules\/\.pnpm\/[^/]+\/node_modules\//, '')
    .replace(/^\/work\/main\//, '');
const addTo = (m: Map<string, number>, k: string, us: number): void => void m.set(k, (m.get(k) ?? 0) + us);
const fns = new Map<string, number>();
const files = new Map<string, number>();
const packages = new Map<string, number>();
for (const [id, us] of selfUs) {
  const f = byId.get(id)?.callFrame;
  if (f === undefined || f.functionName === '(idle)') continue;
  const where = f.url === '' ? '(native)' : `${shortUrl(f.url)}:${f.lineNumber + 1}`;
  addTo(fns, `${f.functionName || '(anonymous)'} ${where}`, us);
  addTo(files, f.url === '' ? `(native) ${f.functionName}` : shortUrl(f.url), us);
  const pkg =
    f.url === ''
      ? f.functionName
      : shortUrl(f.url).startsWith('node:')
        ? 'node:*'
        : (shortUrl(f.url).match(/^(@[^/]+\/[^/]+|[^/]+\/[^/]+)/)?.[1] ?? shortUrl(f.url));
  addTo(packages, pkg, us);
}
// Inclusive time of project functions: each sample counts once per function on its stack.
const parentOf = new Map<number, number>();
for (const node of profile.nodes) for (const c of node.children ?? []) parentOf.set(c, node.id);
const isProject = (url: string): boolean => /\/work\/main\/(packages|services)\//.test(url) && !url.includes('/node_modules/');
const inclusive = new Map<string, number>();
profile.samples.forEach((leaf, i) => {
  const seen = new Set<string>();
  for (let id: number | undefined = leaf; id !== undefined; id = parentOf.get(id)) {
    const f = byId.get(id)?.callFrame;
    if (f !== undefined && isProject(f.url)) seen.add(`${f.functionName || '(anonymous)'} ${shortUrl(f.url)}:${f.lineNumber + 1}`);
  }
  for (const k of seen) addTo(inclusive, k, profile.timeDeltas[i] ?? 0);
});
const busyUs = totalUs - idleUs;
const print = (title: string, m: Map<string, number>, kind = 'self'): void => {
  console.log(`\n== ${title} (${kind} time, % of busy ${(busyUs / 1e6).toFixed(2)} s)`);
  for (const [k, us] of [...m.entries()].sort((a, b) => b[1] - a[1]).slice(0, top))
    console.log(`${((100 * us) / busyUs).toFixed(1).padStart(5)} %  ${(us / 1000).toFixed(0).padStart(6)} ms  ${k}`);
};
console.log(`profile ${(totalUs / 1e6).toFixed(2)} s, idle ${(idleUs / 1e6).toFixed(2)} s`);
print('by package / folder', packages);
print('by file', files);
print('by function', fns);
print('project functions, inclusive', inclusive, 'inclusive');
