/**
 * A local stand-in for the Receiver on 127.0.0.1 (random port): answers the create-job contract
 * after `delayMs`, or with `status` when that is not 200. Records the instant each request arrived.
 */
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';

export interface FakeReceiver {
  url: URL;
  arrivals: number[];
  ids: string[];
  close(): Promise<void>;
}

export async function startFakeReceiver(opts: { delayMs?: number; status?: number } = {}): Promise<FakeReceiver> {
  const arrivals: number[] = [];
  const ids: string[] = [];
  const server = http.createServer((req, res) => {
    arrivals.push(performance.now());
    req.resume();
    req.on('end', () => {
      setTimeout(() => {
        if ((opts.status ?? 200) !== 200) {
          res.writeHead(opts.status ?? 500, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ error: { code: 'CONVEYOR_INTERNAL', message: 'fake failure' } }));
          return;
        }
        const id = randomUUID();
        ids.push(id);
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ id, create_date: new Date().toISOString(), sleep: 150, data_size: 1024 }));
      }, opts.delayMs ?? 0);
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: new URL(`http://127.0.0.1:${port}/api/v1/create/job`),
    arrivals,
    ids,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
