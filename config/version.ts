/** The release of this checkout, from package.json: stamped on model cards and the service's answers. */
import { readFileSync } from 'node:fs';

let cached: string | undefined;

/** Read on first use, not at import, so importing a module never touches the disk. */
export function packageVersion(): string {
  cached ??= (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  return cached;
}
