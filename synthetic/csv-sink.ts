import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';

/** Bytes gathered before handing them to the stream: few large writes instead of millions of small ones. */
const CHUNK_CHARS = 1 << 16;

/**
 * One CSV file written through a buffered stream: `\n` line ends, UTF-8 without BOM. Rows
 * are pre-formatted lines; the caller awaits `drain()` now and then so memory stays flat.
 */
export class CsvSink {
  private buffer = '';
  /** Set when the stream asked us to wait; listened for at once so no 'drain' is missed. */
  private pendingDrain: Promise<unknown> | null = null;
  private failure: Error | null = null;
  private readonly stream: WriteStream;
  /** Data rows written (the header not counted). */
  rows = 0;

  constructor(path: string, header: readonly string[]) {
    this.stream = createWriteStream(path, { encoding: 'utf8' });
    // Keep the error for the next await instead of crashing the process on an unhandled 'error'.
    this.stream.on('error', (error) => (this.failure = error));
    this.buffer = `${header.join(',')}\n`;
  }

  push(line: string): void {
    this.buffer += `${line}\n`;
    this.rows += 1;
    if (this.buffer.length >= CHUNK_CHARS) this.flush();
  }

  private flush(): void {
    if (this.buffer.length === 0) return;
    if (!this.stream.write(this.buffer) && !this.pendingDrain) {
      this.pendingDrain = once(this.stream, 'drain').catch((error: unknown) => {
        this.failure = error instanceof Error ? error : new Error(String(error));
      });
    }
    this.buffer = '';
  }

  async drain(): Promise<void> {
    this.throwIfFailed();
    if (!this.pendingDrain) return;
    await this.pendingDrain;
    this.pendingDrain = null;
    this.throwIfFailed();
  }

  async close(): Promise<void> {
    this.throwIfFailed();
    this.flush();
    this.stream.end();
    await finished(this.stream);
    this.throwIfFailed();
  }

  private throwIfFailed(): void {
    if (this.failure) throw new Error(`cannot write ${String(this.stream.path)}`, { cause: this.failure });
  }
}
