/** Stored risk rows as the API shows them: the address, the percentile, the score to explain, a listed row's reasons. */
import type { Lang } from '../../config/index.ts';
import { reasonsOfStored, termsOfValues, type ModelArtefact } from '../../models/index.ts';
import type { Explainer, ListBasis, Reason, StoredScore } from './explain.ts';
import type { AddressRow, ListedRow, ScoreRow } from './store.ts';

export interface Address {
  street: string;
  houseNumber: number;
  houseSuffix: string | null;
  postcode: string;
  district: string;
  neighbourhood: string;
}

export function addressOf(r: AddressRow): Address {
  return {
    street: r.street,
    houseNumber: r.house_number,
    houseSuffix: r.house_suffix?.trim() || null,
    postcode: r.postcode,
    district: r.district_code,
    neighbourhood: r.neighbourhood_code,
  };
}

/** The share of the list's addresses scored lower, in %, to one decimal. */
export function percentile(rank: number, addresses: number): number {
  return Math.round(((addresses - rank) / addresses) * 1000) / 10;
}

/** A stored score to explain: its contributions as stored, or computed from its values by the list's model (models/stored-terms.ts). */
export function storedOf(model: ModelArtefact, r: ScoreRow): StoredScore {
  return { score: r.score, contributions: contributionsOf(model, r), intercept: r.intercept, featureValues: r.feature_values };
}

function contributionsOf(model: ModelArtefact, r: ScoreRow): number[] {
  if (r.contributions) return r.contributions;
  if (!r.feature_values) throw new Error(`the score of address ${r.address_id} stores neither contributions nor feature values`);
  return termsOfValues(model, r.feature_values);
}

/** A listed row's top three reasons: as scoring stored them, or (a list scored before it stored them) picked from its contributions. */
export function reasonsOf(explainer: Explainer, list: ListBasis & { artefact: ModelArtefact }, r: ListedRow, lang: Lang): Reason[] {
  if (r.reasons) return explainer.reasons(list, reasonsOfStored(r.reasons), lang);
  return explainer.topReasons(list, storedOf(list.artefact, r), lang);
}
