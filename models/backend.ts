import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type * as tfjs from '@tensorflow/tfjs';

export type BackendName = 'tensorflow' | 'wasm' | 'cpu';
export type Tf = typeof tfjs;

export interface LoadedBackend {
  tf: Tf;
  /** The backend that runs: 'tensorflow' (tfjs-node), 'wasm' or 'cpu'. */
  name: BackendName;
  /** Why faster backends were passed over, for the log and the model record. */
  skipped: string[];
}

const require = createRequire(import.meta.url);
let loaded: Promise<LoadedBackend> | undefined;

/**
 * TensorFlow.js with the fastest backend that loads: tfjs-node (native; an optional
 * dependency whose install downloads libtensorflow, so often absent), else the wasm
 * backend, else plain JavaScript. Any failure to load one means trying the next.
 * Loaded once per process; `prefer` limits the choice (tests, benchmarks).
 */
export function loadTensorflow(prefer: BackendName | 'auto' = 'auto'): Promise<LoadedBackend> {
  loaded ??= chooseBackend(prefer);
  return loaded;
}

async function chooseBackend(prefer: BackendName | 'auto'): Promise<LoadedBackend> {
  const skipped: string[] = [];
  if (prefer === 'auto' || prefer === 'tensorflow') {
    try {
      const tf = (await import('@tensorflow/tfjs-node' as string)) as Tf;
      await tf.ready();
      return { tf, name: 'tensorflow', skipped };
    } catch (error) {
      skipped.push(`tfjs-node: ${firstLine(error)}`);
    }
  }
  const tf = await import('@tensorflow/tfjs');
  if (prefer === 'auto' || prefer === 'wasm') {
    try {
      const wasm = await import('@tensorflow/tfjs-backend-wasm');
      const dist = join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist');
      wasm.setWasmPaths(`${dist}/`);
      if (await tf.setBackend('wasm')) {
        await tf.ready();
        return { tf, name: 'wasm', skipped };
      }
      skipped.push('wasm: setBackend refused');
    } catch (error) {
      skipped.push(`wasm: ${firstLine(error)}`);
    }
  }
  await tf.setBackend('cpu');
  await tf.ready();
  return { tf, name: 'cpu', skipped };
}

function firstLine(error: unknown): string {
  return String((error as Error)?.message ?? error).split('\n')[0]!;
}
