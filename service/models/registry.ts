/** The beheerder's changes to the model registry (training/), as refusals the API answers with. */
import { activateModel, disableModel, getModel, RegistryError, scoreAddresses } from '../../training/index.ts';
import { HttpError } from '../http/errors.ts';
import type { AnyContext } from '../http/route.ts';
import { hasRiskList } from './store.ts';

type ModelRecord = NonNullable<Awaited<ReturnType<typeof getModel>>>;

/** Model `version`, or 404. */
export async function modelOr404(context: AnyContext, version: number): Promise<ModelRecord> {
  const record = await getModel(context.services.pool, version);
  if (!record) throw new HttpError(404, 'unknown_model', `there is no model version ${version}`);
  return record;
}

/**
 * Activates model `version` by hand, with its justification on the card and in the audit
 * log (409 when it cannot be); scores the addresses when the model has no risk list yet,
 * so that activating never leaves the service without a list. The list made, or null.
 */
export async function activateByHand(
  context: AnyContext,
  version: number,
  justification: string,
): Promise<{ id: number; referenceDate: string; addresses: number } | null> {
  const { services, principal, auditBase } = context;
  await modelOr404(context, version);
  try {
    await activateModel(services.pool, version, principal.subject, { event: 'override', justification }, auditBase);
  } catch (error) {
    if (error instanceof RegistryError) throw new HttpError(409, 'not_activated', error.message);
    throw error;
  }
  if (await hasRiskList(services.pool, version)) return null;
  const scored = await scoreAddresses(services.pool, { model: (await getModel(services.pool, version))! });
  return { id: scored.listId, referenceDate: scored.referenceDate, addresses: scored.addresses };
}

/** Switches the active model off with a reason; its version (409 when none is active). */
export async function switchOff(context: AnyContext, reason: string): Promise<number> {
  const { services, principal, auditBase } = context;
  try {
    return await disableModel(services.pool, principal.subject, reason, auditBase);
  } catch (error) {
    if (error instanceof RegistryError) throw new HttpError(409, 'nothing_active', error.message);
    throw error;
  }
}
