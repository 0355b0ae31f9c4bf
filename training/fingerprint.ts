/**
 * The fingerprint of what a fit would learn from: the matrices and labels of every year and
 * every setting that changes the fit, with the release of this code. Equal fingerprints mean
 * a new run could only repeat the model it would compare with.
 */
import { createHash } from 'node:crypto';
import type { Dataset } from './dataset.ts';

export function fingerprint(datasets: readonly Dataset[], settings: Record<string, unknown> = {}): string {
  const hash = createHash('sha256');
  hash.update(JSON.stringify(settings));
  for (const d of datasets) {
    hash.update(JSON.stringify({ names: d.names, years: d.years, rows: d.rows }));
    hash.update(new Uint8Array(d.x.buffer, d.x.byteOffset, d.x.byteLength));
    hash.update(d.y);
    hash.update(d.addressIds.join('\n'));
  }
  return `sha256:${hash.digest('hex')}`;
}
