import { connect } from 'node:net';

export interface RawResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/**
 * Send bytes as they are — malformed headers, lying Content-Length, invalid UTF-8 — and read
 * one HTTP/1.1 response (the request says `Connection: close` itself or the server closes after
 * an error). Needed because every HTTP client library refuses to send what these tests send.
 */
export function rawRequest(port: number, bytes: Buffer, timeoutMs = 10_000): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    const chunks: Buffer[] = [];
    let settled = false;
    const finish = (): void => {
      if (settled) return;
      const raw = Buffer.concat(chunks);
      const headEnd = raw.indexOf('\r\n\r\n');
      if (headEnd < 0) {
        settled = true;
        reject(new Error(`no HTTP response (${raw.length} bytes: ${JSON.stringify(raw.subarray(0, 80).toString('latin1'))})`));
        return;
      }
      const head = raw.subarray(0, headEnd).toString('latin1').split('\r\n');
      const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(head[0] ?? '')?.[1] ?? 'NaN');
      const headers: Record<string, string> = {};
      for (const line of head.slice(1)) {
        const i = line.indexOf(':');
        if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
      }
      let body: Buffer = raw.subarray(headEnd + 4);
      if (headers['transfer-encoding'] === 'chunked') body = dechunk(body);
      else if (headers['content-length'] !== undefined) body = body.subarray(0, Number(headers['content-length']));
      settled = true;
      resolve({ status, headers, body: body.toString('utf8') });
    };
    socket.setTimeout(timeoutMs, () => {
      socket.destroy();
      if (!settled) {
        settled = true;
        reject(new Error(`no answer within ${timeoutMs} ms`));
      }
    });
    socket.on('data', (d: Buffer) => {
      chunks.push(d);
      // A complete response with a Content-Length: no need to wait for the close.
      const raw = Buffer.concat(chunks);
      const headEnd = raw.indexOf('\r\n\r\n');
      if (headEnd >= 0) {
        const m = /\r\ncontent-length:\s*(\d+)/i.exec(raw.subarray(0, headEnd).toString('latin1'));
        if (m !== null && raw.length >= headEnd + 4 + Number(m[1])) {
          finish();
          socket.destroy();
        }
      }
    });
    socket.on('end', finish);
    socket.on('close', finish);
    socket.on('error', (e) => {
      if (chunks.length > 0) finish();
      else if (!settled) {
        settled = true;
        reject(e);
      }
    });
    socket.write(bytes);
  });
}

function dechunk(b: Buffer): Buffer {
  const out: Buffer[] = [];
  let at = 0;
  for (;;) {
    const eol = b.indexOf('\r\n', at);
    if (eol < 0) break;
    const size = parseInt(b.subarray(at, eol).toString('latin1'), 16);
    if (!(size > 0)) break;
    out.push(b.subarray(eol + 2, eol + 2 + size));
    at = eol + 2 + size + 2;
  }
  return Buffer.concat(out);
}

/** A request head plus body as bytes; `headers` are written exactly as given (no validation). */
export function httpBytes(method: string, path: string, headers: readonly (readonly [string, string])[], body?: Buffer | string): Buffer {
  const b = body === undefined ? Buffer.alloc(0) : typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  const head = [`${method} ${path} HTTP/1.1`, 'Host: 127.0.0.1', 'Connection: close', ...headers.map(([k, v]) => `${k}: ${v}`)];
  if (body !== undefined && !headers.some(([k]) => k.toLowerCase() === 'content-length' || k.toLowerCase() === 'transfer-encoding')) {
    head.push(`Content-Length: ${b.length}`);
  }
  return Buffer.concat([Buffer.from(`${head.join('\r\n')}\r\n\r\n`, 'latin1'), b]);
}
