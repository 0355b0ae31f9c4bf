/** The samples as the beheerder and the auditor follow them, and when a member counts as unanswered. */
import type { Services } from '../services.ts';
import type { SampleView } from './schema.ts';
import { defaultSize, type DefaultSize } from './size.ts';
import { listSamples } from './store.ts';

/** A member still proposed a year after its draw is non-response: the RIEC did not answer. */
const YEAR_MS = 365 * 86_400_000;

export const unansweredBefore = (services: Services) => new Date(services.clock().getTime() - YEAR_MS);

/** What the samples page shows: the size a draw without n gets now, and the samples with what became of their members. */
export async function sampleOverview(services: Services, limit: number): Promise<{ defaults: DefaultSize; items: SampleView[] }> {
  const defaults = await defaultSize(services.pool, services.config.sampleShare, services.clock());
  const items = await listSamples(services.pool, { unansweredBefore: unansweredBefore(services), limit });
  return { defaults, items };
}
