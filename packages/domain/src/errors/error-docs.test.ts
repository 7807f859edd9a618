import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from './error-codes.ts';

// docs/errors.md is the public reference for every code; it must list exactly the registry.
const doc = readFileSync(new URL('../../../../docs/errors.md', import.meta.url), 'utf8');

function sections(markdown: string): Map<string, string> {
  const out = new Map<string, string>();
  const parts = markdown.split(/^## /m).slice(1);
  for (const part of parts) {
    const newline = part.indexOf('\n');
    const heading = (newline === -1 ? part : part.slice(0, newline)).trim();
    const body = newline === -1 ? '' : part.slice(newline + 1);
    if (out.has(heading)) throw new Error(`docs/errors.md has two sections "## ${heading}"`);
    out.set(heading, body);
  }
  return out;
}

describe('docs/errors.md', () => {
  const docSections = sections(doc);
  const registry = Object.keys(ERROR_CODES);

  it('documents every registered code in its own section', () => {
    const missing = registry.filter((code) => !docSections.has(code));
    expect(missing, `add a "## CODE" section to docs/errors.md for: ${missing.join(', ')}`).toEqual([]);
  });

  it('names no code that is not registered', () => {
    const named = new Set(doc.match(/PAYOUT_E_[A-Z0-9_]+/g) ?? []);
    const unknown = [...named].filter((code) => !Object.hasOwn(ERROR_CODES, code));
    expect(unknown, 'docs/errors.md names codes missing from error-codes.ts').toEqual([]);
    const strayHeadings = [...docSections.keys()].filter((h) => h.startsWith('PAYOUT_E_') && !Object.hasOwn(ERROR_CODES, h));
    expect(strayHeadings).toEqual([]);
  });

  it('states the registry HTTP status and says what to do in each section', () => {
    for (const code of registry) {
      const body = docSections.get(code) ?? '';
      const status = ERROR_CODES[code as keyof typeof ERROR_CODES].httpStatus;
      expect(body.trimStart().startsWith(`HTTP ${status}.`), `${code} section must start with "HTTP ${status}."`).toBe(true);
      expect(body, `${code} section must say what to do`).toMatch(/What to do:/);
    }
  });
});
