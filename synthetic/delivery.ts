import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { CsvSink } from './csv-sink.ts';
import { HEADERS, OUTPUT_FILES, type OutputFile } from './rows.ts';

/** Lines pushed between two checks on a writer's back-pressure. */
const CHUNK = 2000;

/**
 * One directory of the seven files being written: the rows of the years it covers in the
 * keyed files (energy, reports, inspections, truth), the history files (occupancy,
 * companies) whole as known at its last year, and addresses.csv.
 */
export class Delivery {
  private constructor(
    readonly dir: string,
    readonly sinks: Readonly<Record<OutputFile, CsvSink>>,
  ) {}

  static async open(dir: string): Promise<Delivery> {
    await mkdir(dir, { recursive: true });
    const sinks = Object.fromEntries(OUTPUT_FILES.map((file) => [file, new CsvSink(join(dir, file), HEADERS[file])])) as Record<
      OutputFile,
      CsvSink
    >;
    return new Delivery(dir, sinks);
  }

  async drain(): Promise<void> {
    for (const sink of Object.values(this.sinks)) await sink.drain();
  }

  async writeAll(file: OutputFile, lines: Iterable<string>): Promise<void> {
    const sink = this.sinks[file];
    let count = 0;
    for (const line of lines) {
      sink.push(line);
      if (++count % CHUNK === 0) await sink.drain();
    }
  }

  /** Closes every file; returns the data rows written per file (headers not counted). */
  async close(): Promise<Record<OutputFile, number>> {
    for (const sink of Object.values(this.sinks)) await sink.close();
    return Object.fromEntries(OUTPUT_FILES.map((file) => [file, this.sinks[file].rows])) as Record<OutputFile, number>;
  }
}
