/**
 * Counterparty comparison for fallback matching. Statements write account numbers and names
 * in their own ways (spaces in IBANs, dashes in sort codes, case, punctuation); compare the
 * normalised forms and never guess beyond that.
 */
export function normalizeAccount(s: string | undefined): string | undefined {
  if (s === undefined) return undefined;
  const n = s.replace(/[\s\-./]/g, '').toUpperCase();
  return n === '' ? undefined : n;
}

export function normalizeName(s: string | undefined): string | undefined {
  if (s === undefined) return undefined;
  const n = s
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s.,'"()\-_/]+/g, ' ')
    .trim();
  return n === '' ? undefined : n;
}

export interface CounterpartyFacts {
  readonly account: string | undefined;
  readonly name: string | undefined;
}

/**
 * `match` when the account numbers agree (or, when either side lacks an account, the names
 * agree); `conflict` when a fact both sides have differs; `unknown` when the line names no
 * counterparty at all — too weak to pay a payout on.
 */
export function compareCounterparty(expected: CounterpartyFacts, line: CounterpartyFacts): 'match' | 'conflict' | 'unknown' {
  const ea = normalizeAccount(expected.account);
  const la = normalizeAccount(line.account);
  if (ea !== undefined && la !== undefined) return sameAccount(ea, la) ? 'match' : 'conflict';
  const en = normalizeName(expected.name);
  const ln = normalizeName(line.name);
  if (en !== undefined && ln !== undefined) return en === ln ? 'match' : 'conflict';
  return 'unknown';
}

/** Equal, or one is the other's tail of at least 8 characters (an IBAN ends with the domestic account number). */
function sameAccount(a: string, b: string): boolean {
  if (a === b) return true;
  const [short, long] = a.length < b.length ? [a, b] : [b, a];
  return short.length >= 8 && long.endsWith(short);
}
