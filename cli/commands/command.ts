/** What every `hennep` subcommand module exports: its usage text and how to run it. */

export interface Command {
  usage: string;
  /** Returns the exit code. */
  run(args: readonly string[]): Promise<number>;
}
