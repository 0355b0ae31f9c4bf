/**
 * The card's sentence on how the additive model was built, read from the stored model
 * itself: outer bags and their error bars, the pair terms, and which shapes were made
 * monotone. Empty for other families and for additive models stored before these parts.
 */
import type { Lang } from '../config/index.ts';
import type { ModelArtefact } from '../models/index.ts';

export function additiveSentence(artefact: ModelArtefact, lang: Lang): string {
  if (artefact.family !== 'additive') return '';
  const nl = lang === 'nl';
  const parts: string[] = [];
  if (artefact.bags && artefact.bags > 1)
    parts.push(
      nl
        ? `Het gemiddelde van ${artefact.bags} fits, elk op een eigen steekproef van de trainingsrijen; de spreiding tussen die fits is de foutmarge bij elke vormfunctie.`
        : `The mean of ${artefact.bags} fits, each on its own sample of the training rows; the spread between them is the error bar on every shape function.`,
    );
  const pairs = (artefact.model.pairs ?? []).map((p) => `${artefact.names[p.features[0]]} × ${artefact.names[p.features[1]]}`);
  if (pairs.length > 0)
    parts.push(
      nl
        ? `${pairs.length} paartermen (${pairs.join('; ')}), elk alleen de wisselwerking bovenop de twee afzonderlijke effecten; in een uitleg staat een paar op een eigen regel.`
        : `${pairs.length} pair terms (${pairs.join('; ')}), each only the interaction beyond the two separate effects; in an explanation a pair is a line of its own.`,
    );
  const monotone = Object.entries(artefact.monotone ?? {});
  if (monotone.length > 0) {
    const words = { increasing: nl ? 'stijgend' : 'increasing', decreasing: nl ? 'dalend' : 'decreasing' } as const;
    const list = monotone.map(([name, direction]) => `${name} (${words[direction]})`).join(', ');
    parts.push(
      nl
        ? `Waar de richting vaststaat is de vormfunctie na het fitten monotoon gemaakt (isotone regressie): ${list}.`
        : `Where the direction is known, the shape was made monotone after fitting (isotonic regression): ${list}.`,
    );
  }
  return parts.join(' ');
}

/** ", and the N pair sweeps it kept" for a refit of a model with pairs; empty otherwise. */
export function pairSweepWords(pairSweeps: number | undefined, lang: Lang): string {
  if (!pairSweeps) return '';
  return lang === 'nl' ? ` en ${pairSweeps} rondes over de paartermen` : ` and ${pairSweeps} sweeps over the pair terms`;
}
