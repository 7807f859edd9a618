/**
 * The small subtree the camt reader keeps: one statement-level element (Acct, Bal, GrpHdr …) or
 * one Ntry at a time, never the document. Names are local names (any prefix stripped).
 */
export interface XmlNode {
  readonly name: string;
  readonly attrs: Readonly<Record<string, string>>;
  text: string;
  /** `NO_CHILDREN` (shared, never written) until the first child arrives: most nodes are leaves. */
  children: XmlNode[];
  readonly parent: XmlNode | undefined;
  /** Line of the start tag, for error messages. */
  readonly line: number;
  /** Element path of the subtree root, e.g. "Document/BkToCstmrStmt/Stmt[2]/Ntry[15]"; '' below the root. */
  readonly rootPath: string;
}

export const NO_CHILDREN: XmlNode[] = [];

/** Elements that repeat in camt; their paths always show an index so "Ntry[15]" is findable. */
const REPEATABLE = new Set(['Stmt', 'Rpt', 'Ntfctn', 'Ntry', 'Bal', 'TxDtls', 'NtryDtls', 'Ustrd', 'Strd', 'AddtlInf']);

export function isRepeatable(name: string): boolean {
  return REPEATABLE.has(name);
}

export function segment(name: string, index: number): string {
  return REPEATABLE.has(name) || index > 1 ? `${name}[${index}]` : name;
}

/** "Document/BkToCstmrStmt/Stmt[2]/Ntry[15]/Amt (line 812)" */
export function nodePath(node: XmlNode): string {
  const parts: string[] = [];
  let n: XmlNode | undefined = node;
  while (n !== undefined) {
    if (n.parent === undefined) {
      parts.push(n.rootPath);
    } else {
      let index = 1;
      for (const sibling of n.parent.children) {
        if (sibling === n) break;
        if (sibling.name === n.name) index++;
      }
      parts.push(segment(n.name, index));
    }
    n = n.parent;
  }
  return parts.reverse().join('/');
}

export function place(node: XmlNode): string {
  // An entry's own place is every line's `location`: no path walk for the subtree root.
  return `${node.parent === undefined ? node.rootPath : nodePath(node)} (line ${node.line})`;
}

export function child(node: XmlNode | undefined, name: string): XmlNode | undefined {
  if (node === undefined) return undefined;
  for (const c of node.children) if (c.name === name) return c;
  return undefined;
}

export function children(node: XmlNode | undefined, name: string): XmlNode[] {
  if (node === undefined) return [];
  return node.children.filter((c) => c.name === name);
}

/** Follow a path of child names: at(ntry, 'BookgDt', 'Dt'). */
export function at(node: XmlNode | undefined, first: string, second?: string, third?: string): XmlNode | undefined {
  let n = child(node, first);
  if (second !== undefined) n = child(n, second);
  if (third !== undefined) n = child(n, third);
  return n;
}

/** Trimmed text of the element at the path; undefined when absent or empty. */
export function textAt(node: XmlNode | undefined, first?: string, second?: string, third?: string): string | undefined {
  return textOf(first === undefined ? node : at(node, first, second, third));
}

/** Trimmed text of the element; undefined when absent or empty. */
export function textOf(node: XmlNode | undefined): string | undefined {
  if (node === undefined) return undefined;
  const t = node.text.trim();
  return t === '' ? undefined : t;
}
