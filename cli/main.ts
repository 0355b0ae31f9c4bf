import { ConfigError } from '../config/index.ts';
import { commands } from './commands/index.ts';
import { UsageError } from './args.ts';
import { ReferenceDateError } from '../features/index.ts';

/** Runs `hennep COMMAND ...`; returns the process exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage());
    return name ? 0 : 1;
  }
  const entry = commands.find((c) => c.name === name);
  if (!entry) {
    process.stderr.write(`hennep: unknown command '${name}'\n\n${usage()}`);
    return 1;
  }
  const command = await entry.load();
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(`${command.usage}\n`);
    return 0;
  }
  try {
    return await command.run(rest);
  } catch (error) {
    if (error instanceof UsageError || error instanceof ReferenceDateError) {
      process.stderr.write(`hennep ${name}: ${error.message}\n\n${command.usage}\n`);
      return 1;
    }
    const message = error instanceof ConfigError ? error.message : ((error as Error).message ?? String(error));
    process.stderr.write(`hennep ${name}: ${message}\n`);
    return 1;
  }
}

function usage(): string {
  const width = commands.reduce((w, c) => Math.max(w, c.name.length), 0);
  const lines = commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return `usage: hennep COMMAND [options]   (hennep COMMAND --help for its options)\n\n${lines.join('\n')}\n`;
}
