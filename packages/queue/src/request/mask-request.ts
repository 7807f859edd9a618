import { maskAccount } from '@payout/domain';

const MAX_DEPTH = 6;
const MAX_KEYS = 50;
const MAX_STRING = 200;

/**
 * A copy of an untrusted request that is safe to store and log: every `accountNumber`
 * (at any depth, any case) masked to its last 4 characters, long strings cut, deep or wide
 * structures truncated. Used for rejected requests, whose shape cannot be trusted.
 */
export function maskRequest(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return value.length > MAX_STRING ? `${value.slice(0, MAX_STRING)}…` : value;
  if (value === null || typeof value === 'number' || typeof value === 'boolean') return value;
  if (typeof value === 'bigint') return value.toString();
  if (depth >= MAX_DEPTH) return '[truncated]';
  if (Array.isArray(value)) return value.slice(0, MAX_KEYS).map((v) => maskRequest(v, depth + 1));
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value).slice(0, MAX_KEYS)) {
      out[k.slice(0, 64)] = isAccountKey(k) ? (typeof v === 'string' ? maskAccount(v) : '****') : maskRequest(v, depth + 1);
    }
    return out;
  }
  return `[${typeof value}]`;
}

function isAccountKey(k: string): boolean {
  const n = k.toLowerCase().replace(/[_-]/g, '');
  return n === 'accountnumber' || n === 'iban' || n === 'account' || n === 'accountno' || n === 'pan' || n === 'cardnumber';
}
