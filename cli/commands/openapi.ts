import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { VERSION } from '../../service/index.ts';
import { openApiDocument } from '../../service/index.ts';
import { ROUTES } from '../../service/index.ts';
import { parseOptions } from '../args.ts';
import type { Command } from './command.ts';

export const openapiCommand: Command = {
  usage: [
    'usage: hennep openapi [--out FILE]',
    '',
    'Writes the OpenAPI 3.1 document of the API, the one the service serves at /docs/openapi.json,',
    'to stdout or to FILE (for client generators and `npm run lint:openapi`). Needs no database.',
  ].join('\n'),
  async run(args) {
    const options = parseOptions(args, { out: { type: 'string' } });
    const text = `${JSON.stringify(openApiDocument(ROUTES, VERSION()), null, 2)}\n`;
    if (options.out === undefined) {
      process.stdout.write(text);
      return 0;
    }
    await mkdir(dirname(options.out), { recursive: true });
    await writeFile(options.out, text);
    process.stderr.write(`wrote ${options.out}\n`);
    return 0;
  },
};
