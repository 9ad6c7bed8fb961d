/**
 * Lingering close (RFC 9112 §9.6). When a request is refused before its body was read (413, bad
 * JSON) the connection must close, but closing at once with the client's upload unread makes the
 * kernel reset the connection, and a client still sending never sees the answer. So: send the
 * answer, half-close, keep reading and discarding for a bounded time and size, then close.
 */
import type { Socket } from 'node:net';

const LINGER_MS = 2000;
const LINGER_BYTES = 64 * 1024 * 1024;

export function lingerOnClose(socket: Socket | null | undefined): void {
  if (!socket || (socket as Socket & { conveyorLinger?: boolean }).conveyorLinger) return;
  (socket as Socket & { conveyorLinger?: boolean }).conveyorLinger = true;
  // Node closes a `connection: close` response's socket with destroySoon(); defer the destroy.
  socket.destroySoon = () => {
    let discarded = 0;
    const timer = setTimeout(() => socket.destroy(), LINGER_MS);
    timer.unref();
    socket.on('data', (chunk: Buffer) => {
      discarded += chunk.length;
      if (discarded > LINGER_BYTES) { clearTimeout(timer); socket.destroy(); }
    });
    socket.once('close', () => clearTimeout(timer));
    socket.end();
    socket.resume();
  };
}
