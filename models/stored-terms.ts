/**
 * What a risk list keeps of a score's explanation. Logistic and additive contributions are
 * a function of the model and the address's feature values, which the list stores: it
 * leaves them out and they are computed again when read, by the same code from the same
 * float64 values, and so to the same bits. An mlp's are integrated gradients (64 forward
 * and backward passes per row, in TensorFlow): those are stored.
 */
import { explainRows, type Explained, type ModelArtefact } from './artefact.ts';

export function storesContributions(artefact: ModelArtefact): boolean {
  return artefact.family === 'mlp';
}

/** Row `i`'s terms as a stored score orders them: the features' contributions, then the pairs'. */
export function termsOfRow(explained: Explained, width: number, i: number): number[] {
  const pairs = explained.pairs.length;
  return [
    ...explained.contributions.subarray(i * width, (i + 1) * width),
    ...explained.pairContributions.subarray(i * pairs, (i + 1) * pairs),
  ];
}

/** The terms of one stored row of feature values, as scoring computed them; for a model whose contributions are not stored. */
export function termsOfValues(artefact: ModelArtefact, values: readonly number[]): number[] {
  if (storesContributions(artefact))
    throw new Error(`an ${artefact.family} model's contributions are stored with its scores, not computed on read`);
  const width = artefact.names.length;
  if (values.length !== width) throw new Error(`a stored score has ${values.length} feature values; its model has ${width} features`);
  return termsOfRow(explainRows(artefact, Float64Array.from(values), 1), width, 0);
}
