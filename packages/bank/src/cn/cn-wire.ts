/** The JSON shapes of the CN-bank dialect, read defensively (every field may be missing or wrong). */

export interface CnEnvelope {
  readonly code: string;
  readonly msg: string | undefined;
  readonly data: unknown;
}

export interface CnTransferRecord {
  readonly outBizNo: string;
  readonly status: string;
  readonly bankSerialNo: string | undefined;
  readonly errorCode: string | undefined;
  readonly errorMsg: string | undefined;
  readonly bookDate: string | undefined;
}

export function readEnvelope(body: string): CnEnvelope | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return undefined;
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return undefined;
  const o = parsed as Record<string, unknown>;
  if (typeof o['code'] !== 'string') return undefined;
  return { code: o['code'], msg: str(o['msg']), data: o['data'] };
}

export function readTransferRecord(data: unknown): CnTransferRecord | undefined {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return undefined;
  const o = data as Record<string, unknown>;
  const outBizNo = str(o['outBizNo']);
  const status = str(o['status']);
  if (outBizNo === undefined || status === undefined) return undefined;
  return {
    outBizNo,
    status,
    bankSerialNo: str(o['bankSerialNo']),
    errorCode: str(o['errorCode']),
    errorMsg: str(o['errorMsg']),
    bookDate: normaliseDate(str(o['bookDate'])),
  };
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.length > 0 ? v : undefined;
}

/** '20260105' or '2026-01-05' → '2026-01-05'. */
function normaliseDate(s: string | undefined): string | undefined {
  if (s === undefined) return undefined;
  if (/^\d{8}$/.test(s)) return `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}`;
  return /^\d{4}-\d{2}-\d{2}$/.test(s) ? s : undefined;
}
