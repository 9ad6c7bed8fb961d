/**
 * The baseline for the Receiver benchmark: a hello-world node:http server that answers every
 * POST with a Receiver-shaped JSON body and does nothing else (no Kafka, no validation).
 * Usage: node bench/receiver/hello-server.ts [port]
 */
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';

const port = Number(process.argv[2] ?? 18999);
createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    const body = JSON.stringify({ id: randomUUID(), create_date: new Date().toISOString(), sleep: 150, data_size: 1024 });
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  });
}).listen(port, '127.0.0.1', () => process.stderr.write(`hello server on 127.0.0.1:${port}\n`));
