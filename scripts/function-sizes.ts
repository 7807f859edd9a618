// Lists the longest functions (by source lines, nested functions included) under the given folders.
//   ./dev node scripts/function-sizes.ts services/workers/src [--top 20] [--include-tests]
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import ts from 'typescript';

export interface FunctionSize {
  readonly file: string;
  readonly name: string;
  readonly line: number;
  readonly lines: number;
}

function walk(dir: string, includeTests: boolean, out: string[]): string[] {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (name === 'node_modules' || name === 'fixtures') continue;
    if (statSync(path).isDirectory()) walk(path, includeTests, out);
    else if (name.endsWith('.ts') && !name.endsWith('.d.ts') && (includeTests || !/\.(int\.)?test\.ts$/.test(name))) out.push(path);
  }
  return out;
}

function nameOf(node: ts.Node, sf: ts.SourceFile): string {
  if ((ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node) || ts.isGetAccessor(node)) && node.name !== undefined)
    return node.name.getText(sf);
  if (ts.isConstructorDeclaration(node)) return 'constructor';
  const parent = node.parent;
  if (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent))
    return parent.name.getText(sf);
  return '(anonymous)';
}

/** Every function-like node in the files under `roots`, longest first. */
export function functionSizes(roots: readonly string[], opts: { readonly includeTests?: boolean } = {}): FunctionSize[] {
  const sizes: FunctionSize[] = [];
  for (const root of roots) {
    for (const file of walk(root, opts.includeTests ?? false, [])) {
      const sf = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
      const visit = (node: ts.Node): void => {
        if (ts.isFunctionLike(node) && 'body' in node && node.body !== undefined) {
          const start = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line;
          const end = sf.getLineAndCharacterOfPosition(node.getEnd()).line;
          sizes.push({ file: relative(process.cwd(), file), name: nameOf(node, sf), line: start + 1, lines: end - start + 1 });
        }
        ts.forEachChild(node, visit);
      };
      visit(sf);
    }
  }
  return sizes.sort((a, b) => b.lines - a.lines);
}

if (import.meta.main) {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { top: { type: 'string', default: '20' }, 'include-tests': { type: 'boolean', default: false } },
  });
  for (const f of functionSizes(positionals.length > 0 ? positionals : ['services/workers/src'], {
    includeTests: values['include-tests'],
  }).slice(0, Number.parseInt(values.top, 10))) {
    console.log(`${String(f.lines).padStart(4)}  ${f.file}:${f.line}  ${f.name}`);
  }
}
