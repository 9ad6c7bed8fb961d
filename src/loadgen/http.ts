/**
 * A minimal keep-alive HTTP client over node:http. Used instead of fetch so that the socket pool
 * is explicit (one socket per in-flight request, up to the in-flight bound: requests never queue
 * inside the client, where their waiting would be invisible) and every request has a hard total
 * timeout.
 */
import http from 'node:http';

export type HttpResult = { status: number; body: string } | { error: string };

export interface HttpClient {
  request(method: 'GET' | 'POST', url: URL, body?: string): Promise<HttpResult>;
  close(): void;
}

/** Answers larger than this are cut: the Receiver's and Informer's answers are a few hundred bytes. */
const MAX_BODY = 64 * 1024;

export function createHttpClient(opts: { maxSockets: number; timeoutMs: number }): HttpClient {
  const agent = new http.Agent({ keepAlive: true, maxSockets: opts.maxSockets, maxFreeSockets: Math.min(opts.maxSockets, 256) });
  return {
    request: (method, url, body) => send(agent, opts.timeoutMs, method, url, body),
    close: () => agent.destroy(),
  };
}

function send(agent: http.Agent, timeoutMs: number, method: string, url: URL, body?: string): Promise<HttpResult> {
  return new Promise((resolve) => {
    let settled = false;
    const finish = (r: HttpResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(r);
    };
    const headers: http.OutgoingHttpHeaders = { 'content-length': body === undefined ? 0 : Buffer.byteLength(body) };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const req = http.request(url, { method, agent, headers }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        if (size < MAX_BODY) chunks.push(c);
        size += c.length;
      });
      res.on('end', () => finish({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', (err: NodeJS.ErrnoException) => finish({ error: err.code ?? 'response_error' }));
    });
    // A total deadline, not the socket's idle timeout: a server that trickles bytes still times out.
    const timer = setTimeout(() => {
      finish({ error: 'timeout' });
      req.destroy();
    }, timeoutMs);
    req.on('error', (err: NodeJS.ErrnoException) => finish({ error: err.code ?? 'request_error' }));
    req.end(body);
  });
}
