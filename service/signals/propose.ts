/**
 * An analist's proposal of an address on the current risk list, with the explanation it
 * was proposed on kept beside it; one open signal per address.
 */
import { withTransaction } from '../../db/index.ts';
import { HttpError } from '../http/errors.ts';
import type { AnyContext } from '../http/route.ts';
import { snapshotOf } from '../risk/snapshot.ts';
import { insertProposal, lockForProposal, openSignalOf, signalById, type SignalRow } from './store.ts';

export interface Proposal {
  addressId: string;
  reason: string;
}

/** Stores the proposal with its audit entry in one transaction; 409 when the address has an open signal. */
export async function propose(context: AnyContext, { addressId, reason }: Proposal): Promise<SignalRow> {
  const { services, principal, purpose } = context;
  const list = await services.risk.currentList(services.pool);
  const row = await services.risk.scoreOf(list, addressId);
  const explanation = snapshotOf(services.explainer, list, row);
  return withTransaction(services.pool, async (client) => {
    await lockForProposal(client, addressId);
    const open = await openSignalOf(client, addressId);
    if (open)
      throw new HttpError(409, 'signal_open', `address ${addressId} already has an open signal (${open.id}, ${open.status})`, {
        signal: Number(open.id),
      });
    const id = await insertProposal(client, {
      addressId,
      modelVersion: list.version,
      listId: list.listId,
      rank: row.rank,
      explanation,
      proposedBy: principal.subject,
      proposedAt: services.clock(),
      reason,
      purpose,
    });
    await services.audit.appendWith(client, {
      ...context.auditBase,
      action: 'signals:propose',
      addressId,
      status: 201,
      detail: { signal: id, to: 'proposed', modelVersion: list.version, rank: row.rank },
    });
    return (await signalById(client, id))!;
  });
}
