/** A sample drawn: the frame read, the design applied, and the members put in the RIEC's queue as signals. */
import { randomInt } from 'node:crypto';
import { withTransaction } from '../../db/index.ts';
import { HttpError } from '../http/errors.ts';
import type { AnyContext } from '../http/route.ts';
import { snapshotOf } from '../risk/snapshot.ts';
import { DesignError, drawDesign, type Stratum } from './design.ts';
import { unansweredBefore } from './overview.ts';
import { SEED_MAX } from './random.ts';
import type { DrawRequest, SampleView } from './schema.ts';
import { defaultSize, type DefaultSize } from './size.ts';
import { addressesAt, frameStrata, insertSample, listSamples } from './store.ts';

/**
 * Draws a sample and puts it in the RIEC's queue, in one transaction with its audit entry:
 * the frame is the current risk list's addresses without an open signal; each drawn
 * address becomes a signal of kind `sample` proposed by the system, carrying the
 * explanation any proposal of it would carry.
 */
export async function drawSample(context: AnyContext, request: DrawRequest): Promise<SampleView> {
  const { services, principal } = context;
  const seed = request.seed ?? randomInt(0, SEED_MAX + 1);
  const byDistrict = request.stratifyBy === 'district';
  return withTransaction(services.pool, async (client) => {
    // No proposal or decision between reading the frame and writing the sample's signals:
    // otherwise an address could get a second open signal, or one just freed be left out.
    await client.query('LOCK TABLE signals IN SHARE ROW EXCLUSIVE MODE');
    const list = await services.risk.currentList(client);
    const drawnAt = services.clock();
    const size = request.n === undefined ? await defaultSize(client, services.config.sampleShare, drawnAt) : null;
    const n = request.n ?? size!.n;
    const strata = await frameStrata(client, list.listId, byDistrict);
    const frameSize = strata.reduce((sum, s) => sum + s.frameSize, 0);
    if (frameSize === 0)
      throw new HttpError(
        409,
        'empty_frame',
        `every address of risk list ${list.listId} has an open signal: there is nothing to draw from until some are decided or controlled`,
      );
    const design = designOrRefusal(strata, n, seed, size);
    const addresses = await addressesAt(client, list.listId, byDistrict, design.picks);
    const sample = {
      seed,
      frameSize,
      n,
      design: byDistrict ? ('district' as const) : ('uniform' as const),
      size: size && { share: size.share, approvedControls: size.approvedControls },
      modelVersion: list.version,
      listId: list.listId,
    };
    const { id, signals } = await insertSample(client, {
      ...sample,
      drawnBy: principal.subject,
      drawnAt,
      referenceDate: list.referenceDate,
      reason: request.reason,
      strata: design.allocation,
      members: addresses.map((address) => ({ address, snapshot: snapshotOf(services.explainer, list, address) })),
    });
    // Who was drawn is in the audit log, with everything needed to repeat the draw: under
    // `shown`, as the lists name their addresses, so the auditor's search by address finds the draw.
    const { size: given, ...recorded } = sample;
    const strataDetail = byDistrict ? { strata: design.allocation.map((a) => ({ district: a.key, frameSize: a.frameSize, n: a.n })) } : {};
    const detail = { sample: id, ...recorded, ...strataDetail, ...(given ?? {}), shown: addresses.map((a) => a.address_id), signals };
    await services.audit.appendWith(client, { ...context.auditBase, action: 'samples:draw', addressId: null, status: 201, detail });
    return (await listSamples(client, { unansweredBefore: unansweredBefore(services), id }))[0]!;
  });
}

/** The design, or the caller's 400 naming n and what to ask for instead. */
function designOrRefusal(strata: readonly Stratum[], n: number, seed: number, size: DefaultSize | null): ReturnType<typeof drawDesign> {
  try {
    return drawDesign(strata, n, seed);
  } catch (error) {
    if (!(error instanceof DesignError)) throw error;
    const from = size
      ? ` (n was set from HENNEP_SAMPLE_SHARE ${size.share} × ${size.approvedControls} approved controls; give n to choose another)`
      : '';
    throw new HttpError(400, 'invalid_request', `body.n: ${error.message}${from}`, { field: 'body.n' });
  }
}
