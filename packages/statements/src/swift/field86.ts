import type { Counterparty, ReturnReason } from '../statement.model.ts';

/** What the :86: information to the account owner says about one entry. */
export interface Field86 {
  readonly endToEndId: string | undefined;
  readonly instructionId: string | undefined;
  readonly mandateId: string | undefined;
  readonly uetr: string | undefined;
  readonly returnReason: ReturnReason | undefined;
  readonly remittanceInfo: string | undefined;
  readonly counterparty: Counterparty | undefined;
  /** German "GVC" business transaction code (the 3 digits before the first "?"). */
  readonly transactionCode: string | undefined;
  /** The whole field as one line (structured layouts rejoined without separators, free text with spaces). */
  readonly text: string;
}

const SLASH_TAGS: ReadonlySet<string> = new Set([
  'EREF',
  'KREF',
  'MARF',
  'CSID',
  'CNTP',
  'REMI',
  'RTRN',
  'PURP',
  'ORDP',
  'BENM',
  'NAME',
  'IBAN',
  'BIC',
  'TRTP',
  'ISDT',
  'ULTC',
  'ULTD',
  'ULTB',
  'SVCL',
  'OCMT',
  'CHGS',
  'EXCH',
  'IREF',
  'PREF',
  'BUSP',
  'ADDR',
  'UETR',
]);
const SEPA_KEYWORD = /(EREF|KREF|MREF|CRED|DEBT|SVWZ|ABWA|ABWE|IBAN|BIC|RTRN|COAM|OAMT|BREF|RREF)\+/g;
const QUESTION_STYLE = /^\d{3}\?\d{2}/;

/**
 * Parse :86:. Three layouts are common:
 *  - "/TAG/value" (SWIFT, Dutch and many other banks): /EREF/, /KREF/, /REMI/, /RTRN/, /NAME/, /IBAN/ …
 *  - German "GVC?20…?63" subfields with SEPA keywords (EREF+, KREF+, MREF+, SVWZ+, RTRN+) in ?20–?29/?60–?63
 *  - free text.
 * SWIFT wraps lines at a fixed width, often inside a word, so structured values are rejoined
 * without a separator; free text is joined with spaces.
 */
export function parseField86(lines: readonly string[]): Field86 {
  const joined = lines.join('');
  if (QUESTION_STYLE.test(joined)) return parseQuestionStyle(joined);
  const tags = slashTags(joined);
  if (tags.length > 0) return parseSlashStyle(joined, tags);
  const text = lines
    .map((l) => l.trim())
    .join(' ')
    .trim();
  return { ...EMPTY, remittanceInfo: text === '' ? undefined : text, text };
}

const EMPTY = {
  endToEndId: undefined,
  instructionId: undefined,
  mandateId: undefined,
  uetr: undefined,
  returnReason: undefined,
  remittanceInfo: undefined,
  counterparty: undefined,
  transactionCode: undefined,
} as const;

interface SlashTag {
  readonly tag: string;
  /** Index of the tag's opening "/". */
  readonly at: number;
  /** Index where its value starts. */
  readonly value: number;
}

/** Known "/TAG/" markers in order; a plain scan (this runs once per entry, a million times per file). */
function slashTags(s: string): SlashTag[] {
  const out: SlashTag[] = [];
  let i = s.indexOf('/');
  while (i >= 0) {
    const j = s.indexOf('/', i + 1);
    if (j < 0) break;
    const len = j - i - 1;
    if (len >= 3 && len <= 4 && SLASH_TAGS.has(s.slice(i + 1, j))) {
      out.push({ tag: s.slice(i + 1, j), at: i, value: j + 1 });
      i = s.indexOf('/', j + 1);
    } else {
      i = j;
    }
  }
  return out;
}

function parseSlashStyle(joined: string, tags: readonly SlashTag[]): Field86 {
  const values = new Map<string, string>();
  const lead = nonEmpty(joined.slice(0, tags[0]?.at ?? 0));
  for (let i = 0; i < tags.length; i++) {
    const t = tags[i];
    if (t === undefined) continue;
    let value = joined.slice(t.value, tags[i + 1]?.at ?? joined.length);
    // A value ends at the slash that opens the next tag; a lone trailing slash closes the field.
    if (value.endsWith('/')) value = value.slice(0, -1);
    if (!values.has(t.tag)) values.set(t.tag, value.trim());
  }
  const get = (tag: string): string | undefined => {
    const v = values.get(tag);
    return v === undefined || v === '' ? undefined : v;
  };
  const cntp = get('CNTP')?.split('/');
  const name = get('NAME') ?? nonEmpty(cntp?.[2]);
  const account = get('IBAN') ?? nonEmpty(cntp?.[0]);
  const agent = get('BIC') ?? nonEmpty(cntp?.[1]);
  return {
    endToEndId: reference(get('EREF')),
    instructionId: reference(get('KREF')),
    mandateId: reference(get('MARF')),
    uetr: get('UETR')?.toLowerCase(),
    returnReason: returnReason(get('RTRN')),
    remittanceInfo: remittance(get('REMI')) ?? lead,
    counterparty: name === undefined && account === undefined && agent === undefined ? undefined : { name, account, agent },
    transactionCode: undefined,
    text: joined.trim(),
  };
}

function parseQuestionStyle(joined: string): Field86 {
  const code = joined.slice(0, 3);
  const fields = new Map<number, string>();
  const re = /\?(\d{2})/g;
  const marks = [...joined.matchAll(re)];
  for (let i = 0; i < marks.length; i++) {
    const m = marks[i];
    if (m === undefined) continue;
    const start = (m.index ?? 0) + m[0].length;
    const end = marks[i + 1]?.index ?? joined.length;
    const n = Number(m[1]);
    fields.set(n, (fields.get(n) ?? '') + joined.slice(start, end));
  }
  const range = (from: number, to: number): string => {
    let s = '';
    for (let n = from; n <= to; n++) s += fields.get(n) ?? '';
    return s;
  };
  const purpose = range(20, 29) + range(60, 63);
  const keywords = new Map<string, string>();
  const found = [...purpose.matchAll(SEPA_KEYWORD)];
  for (let i = 0; i < found.length; i++) {
    const m = found[i];
    if (m === undefined) continue;
    const start = (m.index ?? 0) + m[0].length;
    const end = found[i + 1]?.index ?? purpose.length;
    const key = m[1] ?? '';
    if (!keywords.has(key)) keywords.set(key, purpose.slice(start, end).trim());
  }
  const kw = (k: string): string | undefined => nonEmpty(keywords.get(k));
  const name = nonEmpty((fields.get(32) ?? '') + (fields.get(33) ?? ''));
  const account = nonEmpty(fields.get(31)) ?? kw('IBAN');
  const agent = nonEmpty(fields.get(30)) ?? kw('BIC');
  return {
    endToEndId: reference(kw('EREF')),
    instructionId: reference(kw('KREF')),
    mandateId: reference(kw('MREF')),
    uetr: undefined,
    returnReason: returnReason(kw('RTRN')),
    remittanceInfo: found.length > 0 ? kw('SVWZ') : nonEmpty(purpose),
    counterparty: name === undefined && account === undefined && agent === undefined ? undefined : { name, account, agent },
    transactionCode: code,
    text: joined.trim(),
  };
}

function nonEmpty(s: string | undefined): string | undefined {
  const t = s?.trim();
  return t === undefined || t === '' ? undefined : t;
}

function reference(v: string | undefined): string | undefined {
  return v === undefined || v === 'NOTPROVIDED' || v === 'NONREF' ? undefined : v;
}

/** "/RTRN/AC04/" or "/RTRN/MS03 Reason not specified/" → code + text. */
function returnReason(v: string | undefined): ReturnReason | undefined {
  if (v === undefined) return undefined;
  const m = /^\/?([A-Z0-9]{2,4})\b[\s/]*(.*)$/.exec(v);
  if (m === null) return { code: undefined, info: v };
  const info = (m[2] ?? '').trim();
  return { code: m[1], info: info === '' ? undefined : info };
}

/** ING-style "/REMI/USTD//text/" and "/REMI/STRD/CUR/ref/" carry a layout marker first. */
function remittance(v: string | undefined): string | undefined {
  if (v === undefined) return undefined;
  const unstructured = /^USTD\/\/?(.*)$/.exec(v);
  if (unstructured !== null) return nonEmpty(unstructured[1]);
  const structured = /^STRD\/[A-Z]*\/(.*)$/.exec(v);
  if (structured !== null) return nonEmpty(structured[1]);
  return v;
}
