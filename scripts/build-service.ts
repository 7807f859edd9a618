// Bundle one service for its container image: `node scripts/build-service.ts <api|workers|bank-sim> <outdir>`.
//
// The services run TypeScript directly in development (Node's type stripping), but Node refuses
// to strip types under node_modules, so an image that imports the workspace packages' .ts from
// node_modules cannot start. esbuild therefore compiles the service and every @payout/* package
// it imports into one ESM file per entry; third-party packages stay external and are loaded at
// run time from the node_modules that `pnpm deploy` installs next to dist/ (docs/adr/0018).
import { build, type Plugin } from 'esbuild';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Entries per service: output name → source. The API image also carries the product CLI (migrations, ops). */
export const SERVICE_ENTRIES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  api: { main: 'services/api/src/main.ts', cli: 'services/cli/src/main.ts' },
  workers: { main: 'services/workers/src/main.ts' },
  'bank-sim': { main: 'services/bank-sim/src/main.ts' },
};

/** Workspace packages (and relative files, JSON data) are compiled in; every other bare import is resolved at run time. */
const externalThirdParty: Plugin = {
  name: 'external-third-party',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.path.startsWith('@payout/') || args.path.startsWith('node:') || args.path.endsWith('.json')) return undefined;
      return { path: args.path, external: true };
    });
  },
};

export async function buildService(service: string, outdir: string): Promise<readonly string[]> {
  const entries = SERVICE_ENTRIES[service];
  if (entries === undefined) throw new Error(`unknown service '${service}'; choose from ${Object.keys(SERVICE_ENTRIES).join(', ')}`);
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: Object.entries(entries).map(([out, source]) => ({ out, in: source })),
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node24',
    sourcemap: 'linked',
    // Bundled CommonJS helpers call require(); give ESM output one.
    banner: {
      js: "import { createRequire as __payoutCreateRequire } from 'node:module'; const require = __payoutCreateRequire(import.meta.url);",
    },
    plugins: [externalThirdParty],
    logLevel: 'warning',
    metafile: true,
  });
  return Object.keys(result.metafile.outputs)
    .filter((f) => f.endsWith('.js'))
    .map((f) => join(ROOT, f));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [service, outdir] = process.argv.slice(2);
  if (service === undefined || outdir === undefined) {
    process.stderr.write('usage: node scripts/build-service.ts <api|workers|bank-sim> <outdir>\n');
    process.exit(2);
  }
  buildService(service, outdir).then(
    (files) => process.stdout.write(`built ${service}: ${files.length} file(s) in ${outdir}\n`),
    (error: unknown) => {
      process.stderr.write(`build failed: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    },
  );
}
