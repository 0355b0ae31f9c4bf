/**
 * A one-line progress bar on stderr, only when stderr is a terminal (never in logs or
 * pipes). Redrawn at most ten times a second.
 */
export function progressBar(label: string, stream: NodeJS.WriteStream = process.stderr) {
  if (!stream.isTTY) return { update: (_done: number, _total: number) => undefined, done: () => undefined };
  let last = 0;
  const draw = (done: number, total: number) => {
    const share = total > 0 ? Math.min(1, done / total) : 0;
    const width = 30;
    const filled = Math.round(share * width);
    stream.write(`\r${label} [${'#'.repeat(filled)}${' '.repeat(width - filled)}] ${(share * 100).toFixed(0).padStart(3)}%`);
  };
  return {
    update(done: number, total: number) {
      const now = Date.now();
      if (now - last < 100 && done < total) return;
      last = now;
      draw(done, total);
    },
    done() {
      stream.write('\r\x1b[K');
    },
  };
}
