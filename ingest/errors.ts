/**
 * A file that breaks the contract as a whole (missing, undecodable, a missing or
 * forbidden column). The whole import run is refused: nothing of it is stored.
 */
export class FileRejected extends Error {
  override name = 'FileRejected';
  constructor(
    readonly file: string,
    readonly line: number | null,
    readonly column: string | null,
    readonly problem: string,
  ) {
    super(`${file}${line !== null ? ` line ${line}` : ''}${column !== null ? `, column ${column}` : ''}: ${problem}`);
  }

  toJSON() {
    return { file: this.file, line: this.line, column: this.column, message: this.message };
  }
}

/** Several files rejected at once (all headers are checked before anything is read). */
export class DeliveryRejected extends Error {
  override name = 'DeliveryRejected';
  constructor(readonly rejections: readonly FileRejected[]) {
    super(rejections.map((r) => r.message).join('\n'));
  }
}
