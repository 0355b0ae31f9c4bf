/**
 * The model card of one registered version, built from its registry row only (so it can
 * never disagree with the model that runs). `algoritmeregister` fills the fields of the
 * Dutch Algoritmeregister publication standard; `model` holds the technical facts.
 * card-markdown.ts writes it as a document.
 */
import { FEATURE_CATALOGUE, type FeatureEntry } from '../features/index.ts';
import type { Lang } from '../config/index.ts';
import { CARD_TEXTS, riskManagement, technicalWorking } from './card-texts.ts';
import type { ModelCard, StoredMetrics, StoredTraining } from './card-types.ts';
import type { ModelRecord } from './registry.ts';

export type { ModelCard } from './card-types.ts';

/** The catalogue entry of a model's feature, or undefined when the catalogue has changed since. */
function entryOf(name: string): FeatureEntry | undefined {
  return FEATURE_CATALOGUE.find((f) => f.name === name);
}

/** The card of `record`, its words in `lang` (English for the CLI's document). */
export function modelCard(record: ModelRecord, lang: Lang = 'en'): ModelCard {
  const words = CARD_TEXTS[lang];
  const metrics = record.metrics as StoredMetrics;
  const fairness = record.fairness as ModelCard['model']['fairness'];
  const drift = record.drift as { at: string; features: ModelCard['model']['drift'] };
  const training = record.training as StoredTraining;
  // The catalogue as it was when the model was trained, kept in its training record.
  const stored = new Map((training.features ?? []).map((f) => [f.name, f]));
  const sources = new Set<string>(
    record.featureNames.flatMap((n): readonly string[] => stored.get(n)?.sources ?? entryOf(n)?.sources ?? []),
  );
  return {
    algoritmeregister: {
      name: `hennep-risk model ${record.version}`,
      shortDescription: words.shortDescription,
      goalAndImpact: words.goalAndImpact,
      humanIntervention: words.humanIntervention,
      riskManagement: riskManagement(metrics, fairness, lang),
      legalBasis: words.legalBasis,
      dataSources: [...sources].sort(),
      technicalWorking: technicalWorking(record, training, lang),
      learnsOverTime: words.learnsOverTime,
    },
    model: {
      version: record.version,
      family: record.family,
      status: record.status,
      backend: record.backend,
      createdAt: record.createdAt,
      features: record.featureNames.map((n) => ({
        name: n,
        description: stored.get(n)?.description[lang] ?? entryOf(n)?.description[lang] ?? words.notInCatalogue,
      })),
      training: record.training,
      dataFingerprint: record.dataFingerprint,
      test: metrics.chosen,
      selfSelection: metrics.selfSelection ?? null,
      randomSample: metrics.randomSample ?? null,
      liveCheck: metrics.liveCheck ?? null,
      explanation: metrics.explanation,
      fairness,
      drift: drift.features,
      driftAt: drift.at,
      gate: record.gate as ModelCard['model']['gate'],
      events: record.events,
      trainingSeconds: record.trainingSeconds,
    },
  };
}
