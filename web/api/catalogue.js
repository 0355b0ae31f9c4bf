// @ts-check
/**
 * The feature catalogue (GET /api/v1/features): each feature's description and unit in
 * the page's language, fetched once per language.
 */
import { store } from '../session/store.js';
import { api } from './client.js';

/** @import { Feature, FeatureList } from '../types/risk.js' */
/** @import { Lang } from '../session/store.js' */

/** @type {Partial<Record<Lang, Record<string, Feature>>>} */
const catalogue = {};

export async function loadCatalogue() {
  const lang = store.lang;
  catalogue[lang] ??= Object.fromEntries(/** @type {FeatureList} */ (await api('/features')).items.map((f) => [f.name, f]));
}

/** A feature's description, or its name before the catalogue is loaded. @param {string} name */
export const describe = (name) => catalogue[store.lang]?.[name]?.description ?? name;

/** Whether a feature is measured in years (written without a thousands separator). @param {string} name */
export const isYear = (name) => catalogue[store.lang]?.[name]?.unit === 'year';
