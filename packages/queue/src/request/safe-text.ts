/**
 * Characters no payout field may carry: C0/C1 controls (incl. NUL, CR, LF, TAB), zero-width
 * and direction marks/overrides (spoofing), line/paragraph separators, BOM and interlinear
 * annotation marks. Bank formats (ISO 20022, Nacha) cannot carry them either.
 */
const FORBIDDEN = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\ufff9-\ufffb]/u;

/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** True when `s` is well-formed UTF-16 (no lone surrogates) and has no forbidden character. */
export function isSafeText(s: string): boolean {
  return !LONE_SURROGATE.test(s) && !FORBIDDEN.test(s);
}
