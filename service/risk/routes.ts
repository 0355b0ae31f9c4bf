/** The analist's reads: one address with its full explanation, the ranked list, and the areas to filter it by. */
import { z } from 'zod';
import type { Lang } from '../../config/index.ts';
import { INT4_MAX, langSchema, wholeNumber } from '../http/fields.ts';
import { route } from '../http/route.ts';
import type { SignalStatus } from '../signals/states.ts';
import { riskListPage } from './list-page.ts';
import { addressOf, percentile, reasonsOf, storedOf } from './present.ts';
import { addressIdSchema, areasResponse, riskListResponse, riskResponse } from './schemas.ts';

/** Said with every risk answer. */
export const NOTICE = {
  nl: 'Een risicoscore is een signaal voor een menselijke afweging, geen bewijs. Er volgt geen controle zonder besluit van het RIEC met een rechtsgrond.',
  en: 'A risk score is a signal for a human decision, not evidence. No control follows without a RIEC decision with a legal basis.',
} as const;

const CURSOR_MESSAGE = 'pass the nextCursor of the previous page as it was';

export const riskRoutes = [
  route({
    method: 'get',
    path: '/addresses/:addressId/risk',
    action: 'risk:address',
    summary:
      "One address's risk: score, calibrated probability, rank, percentile, model version and every feature's contribution with its value and the median",
    params: z.object({ addressId: addressIdSchema }),
    query: z.strictObject({ lang: langSchema }),
    response: riskResponse,
    errors: { 404: 'no such address, or not on the current list', 503: 'no active model, switched off, or no risk list yet' },
    async handler({ params, query, services }) {
      const { list, row } = await services.risk.currentScore(params.addressId);
      const lang: Lang = query.lang;
      return {
        addressId: params.addressId,
        body: {
          addressId: params.addressId,
          address: addressOf(row),
          model: { version: list.version, family: list.family },
          riskList: { id: list.listId, referenceDate: list.referenceDate, addresses: list.addresses },
          score: row.score,
          probability: row.probability,
          baseRate: list.baseRate,
          rank: row.rank,
          percentile: percentile(row.rank, list.addresses),
          explanation: services.explainer.explain(list, storedOf(list.artefact, row), lang),
          notice: NOTICE[lang],
        },
        detail: { modelVersion: list.version, listId: list.listId, rank: row.rank },
      };
    },
  }),
  route({
    method: 'get',
    path: '/areas',
    action: 'risk:list',
    summary: 'Districts (wijken) and their neighbourhoods (buurten) of the current risk list as it was scored, for filtering it',
    query: z.strictObject({}),
    response: areasResponse,
    async handler({ services }) {
      return { body: { districts: await services.risk.areas() } };
    },
  }),
  route({
    method: 'get',
    path: '/risk-list',
    action: 'risk:list',
    summary:
      'The ranked risk list of the active model, optionally of one district or neighbourhood, a postcode, a street and house number, ' +
      'by rank or by address, with the top three reasons and the newest signal per address and how many addresses match; page on with `cursor`',
    query: z.strictObject({
      district: z
        .string()
        .regex(/^WK[0-9]{6}$/, 'a district code looks like WK034401')
        .optional(),
      neighbourhood: z
        .string()
        .regex(/^BU[0-9]{8}$/, 'a neighbourhood code looks like BU03440101')
        .optional(),
      postcode: z
        .string()
        .regex(/^[1-9][0-9]{3} ?[A-Za-z]{2}$/, 'a postcode looks like 1234AB or 1234 AB')
        .optional()
        .describe('only the addresses of this postcode'),
      street: z
        .string()
        .regex(/^[\p{L}0-9][\p{L}0-9 .'-]{1,79}$/u, "the beginning of a street's name: at least 2 letters, digits, spaces, . ' or -")
        .optional()
        .describe('only the addresses whose street begins with this, in any case'),
      houseNumber: wholeNumber('houseNumber is a whole number', { max: 99999 }).optional(),
      sort: z.enum(['rank', 'address']).default('rank').describe('rank: highest risk first; address: by street, house number and suffix'),
      limit: wholeNumber('limit is a whole number', { max: 200 }).default(50),
      cursor: z
        .string()
        .regex(/^\d{1,10}\.\d{1,10}$/, CURSOR_MESSAGE)
        .refine((c) => c.split('.').every((n) => Number(n) <= INT4_MAX), CURSOR_MESSAGE)
        .optional(),
      lang: langSchema,
    }),
    response: riskListResponse,
    errors: { 409: 'the cursor belongs to a risk list that has been replaced', 503: 'no active model, switched off, or no risk list yet' },
    async handler({ query, services }) {
      const { list, rows, nextCursor, matching } = await riskListPage(services.risk, services.pool, query);
      const items = rows.map((r) => ({
        addressId: r.address_id,
        address: addressOf(r),
        rank: r.rank,
        score: r.score,
        probability: r.probability,
        percentile: percentile(r.rank, list.addresses),
        reasons: reasonsOf(services.explainer, list, r, query.lang),
        signal: r.signal_id ? { id: Number(r.signal_id), status: r.signal_status as SignalStatus } : null,
      }));
      return {
        body: {
          model: { version: list.version, family: list.family },
          riskList: { id: list.listId, referenceDate: list.referenceDate, addresses: list.addresses },
          items,
          nextCursor,
          matching,
          notice: NOTICE[query.lang],
        },
        // Which addresses were shown is what an audit needs; the list may span many.
        detail: {
          modelVersion: list.version,
          listId: list.listId,
          district: query.district,
          neighbourhood: query.neighbourhood,
          postcode: query.postcode,
          street: query.street,
          houseNumber: query.houseNumber,
          sort: query.sort,
          shown: rows.map((r) => r.address_id),
        },
      };
    },
  }),
];
