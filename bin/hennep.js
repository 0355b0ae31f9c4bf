#!/usr/bin/env node
// The `hennep` command. The sources are TypeScript; tsx compiles them on the fly so
// that a clone runs as it is, with no build step between an edit and a run.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
