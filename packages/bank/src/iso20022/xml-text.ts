import { XMLParser, XMLValidator } from 'fast-xml-parser';

/** Escape text for an XML element or attribute value. */
export function escapeXml(s: string): string {
  return s.replace(/[<>&'"]/g, (c) => (c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '&' ? '&amp;' : c === "'" ? '&apos;' : '&quot;'));
}

/** `<Tag>text</Tag>` with escaping. */
export function el(tag: string, text: string): string {
  return `<${tag}>${escapeXml(text)}</${tag}>`;
}

export type XmlNode = { readonly [key: string]: unknown };

/**
 * Parse bank XML into plain objects: namespace prefixes removed, every value kept as a
 * string (ids like "00123" and amounts must never become numbers), listed tags always arrays.
 * Returns undefined for anything that is not well-formed XML.
 */
export function parseBankXml(xml: string, arrayTags: ReadonlySet<string>): XmlNode | undefined {
  if (xml.trim().length === 0 || XMLValidator.validate(xml) !== true) return undefined;
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@',
    removeNSPrefix: true,
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: true,
    processEntities: true,
    isArray: (name) => arrayTags.has(name),
  });
  try {
    const parsed: unknown = parser.parse(xml);
    return typeof parsed === 'object' && parsed !== null ? (parsed as XmlNode) : undefined;
  } catch {
    return undefined;
  }
}

/** Walk a path of element names; undefined when any step is missing. */
export function at(node: unknown, ...path: string[]): unknown {
  let cur: unknown = node;
  for (const step of path) {
    if (cur === null || typeof cur !== 'object' || Array.isArray(cur)) return undefined;
    cur = (cur as XmlNode)[step];
  }
  return cur;
}

/** The text of an element (a string, or `#text` of an element with attributes). */
export function textOf(node: unknown): string | undefined {
  if (typeof node === 'string') return node;
  if (node !== null && typeof node === 'object' && !Array.isArray(node)) {
    const t = (node as XmlNode)['#text'];
    if (typeof t === 'string') return t;
  }
  return undefined;
}

export function listOf(node: unknown): readonly unknown[] {
  if (node === undefined || node === null) return [];
  return Array.isArray(node) ? node : [node];
}
