/**
 * The single progress line on stderr. On a terminal it is rewritten in place about once a second;
 * when stderr is a file or a pipe (CI logs) a line is appended every `pipeEverySec` seconds instead,
 * so logs stay readable.
 */
export interface ProgressOptions {
  stream?: NodeJS.WriteStream;
  intervalMs?: number;
  pipeEverySec?: number;
}

export interface Progress {
  stop(finalLine?: string): void;
}

export function startProgress(render: () => string, opts: ProgressOptions = {}): Progress {
  const stream = opts.stream ?? process.stderr;
  const tty = stream.isTTY === true;
  const everyTicks = tty ? 1 : Math.max(1, opts.pipeEverySec ?? 10);
  let ticks = 0;
  const timer = setInterval(() => {
    ticks++;
    if (ticks % everyTicks !== 0) return;
    if (tty) stream.write(`\r\x1b[2K${render()}`);
    else stream.write(`${render()}\n`);
  }, opts.intervalMs ?? 1000);
  timer.unref();
  return {
    stop(finalLine) {
      clearInterval(timer);
      if (tty) stream.write('\r\x1b[2K');
      if (finalLine !== undefined) stream.write(`${finalLine}\n`);
    },
  };
}
