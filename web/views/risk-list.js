// @ts-check
/**
 * The analist's risk list: searched by address or postcode, filtered by district and
 * neighbourhood, by rank or by address (all kept in the hash, so a search can be
 * bookmarked), fifty addresses a page with their top reasons and their newest signal, and
 * how many addresses the filters leave.
 */
import { api } from '../api/client.js';
import { errorBox } from '../api/errors.js';
import { t } from '../i18n/texts.js';
import { h } from '../lib/dom.js';
import { addressText, day, fmt, pct } from '../lib/format.js';

/** @import { Areas, RiskListItem, RiskListPage } from '../types/risk.js' */

const FILTERS = ['district', 'neighbourhood', 'sort'];

/**
 * What was typed in the search box as the API's parameters: a postcode (with a house
 * number after it), or a street's beginning with a house number at the end.
 * @param {string} text
 * @returns {Record<string, string>}
 */
export function searchParams(text) {
  const s = text.trim().replace(/\s+/g, ' ');
  const postcode = /^([1-9][0-9]{3}) ?([A-Za-z]{2})(?: ([0-9]{1,5}))?$/.exec(s);
  if (postcode) return { postcode: `${postcode[1]}${postcode[2]}`.toUpperCase(), ...(postcode[3] ? { houseNumber: postcode[3] } : {}) };
  const numbered = /^(.+?) ([0-9]{1,5})(?: ?[A-Za-z0-9-]{1,6})?$/.exec(s);
  if (numbered) return { street: numbered[1] ?? '', houseNumber: numbered[2] ?? '' };
  return s ? { street: s } : {};
}

/** @param {string} id @param {string} label @param {HTMLElement} control */
const field = (id, label, control) => h('div', {}, h('label', { for: id }, label), control);

/** The search, area and order choice; choosing a district offers its neighbourhoods. @param {Areas} areas @param {URLSearchParams} params */
function filterForm(areas, params) {
  const search = h('input', {
    id: 'search',
    type: 'search',
    value: params.get('q') ?? '',
    placeholder: t('searchHint'),
    minlength: 2,
    maxlength: 80,
  });
  const district = h(
    'select',
    { id: 'district' },
    h('option', { value: '' }, t('all')),
    areas.districts.map((d) => h('option', { value: d.code, selected: params.get('district') === d.code }, d.code)),
  );
  const neighbourhood = h('select', { id: 'neighbourhood' }, h('option', { value: '' }, t('all')));
  const fillNeighbourhoods = () => {
    const d = areas.districts.find((x) => x.code === district.value);
    neighbourhood.replaceChildren(
      h('option', { value: '' }, t('all')),
      ...(d?.neighbourhoods ?? []).map((n) => h('option', { value: n, selected: params.get('neighbourhood') === n }, n)),
    );
  };
  fillNeighbourhoods();
  district.addEventListener('change', fillNeighbourhoods);
  const sort = h(
    'select',
    { id: 'sort' },
    h('option', { value: 'rank' }, t('sortRank')),
    h('option', { value: 'address', selected: params.get('sort') === 'address' }, t('sortAddress')),
  );
  /** @param {Event} e */
  const submit = (e) => {
    e.preventDefault();
    const q = new URLSearchParams();
    if (search.value.trim()) q.set('q', search.value.trim());
    if (district.value) q.set('district', district.value);
    if (neighbourhood.value) q.set('neighbourhood', neighbourhood.value);
    if (sort.value !== 'rank') q.set('sort', sort.value);
    location.hash = `#/risk?${q}`;
  };
  return h(
    'form',
    { class: 'row', id: 'risk-filter', role: 'search', onsubmit: submit },
    field('search', t('search'), search),
    field('district', t('district'), district),
    field('neighbourhood', t('neighbourhood'), neighbourhood),
    field('sort', t('sortBy'), sort),
    h('div', {}, h('button', { type: 'submit', class: 'primary' }, t('filter'))),
  );
}

/** The address's newest signal in words; an open one stands out. @param {RiskListItem} item */
const signalCell = (item) =>
  item.signal
    ? h(
        'td',
        { class: 'signal' },
        h(
          'a',
          { href: `#/signals?status=${item.signal.status}`, class: 'status', 'data-status': item.signal.status },
          `#${item.signal.id} ${t('statuses')[item.signal.status] ?? item.signal.status}`,
        ),
      )
    : h('td', { class: 'signal muted' }, t('noSignal'));

/** @param {RiskListItem} item */
const itemRow = (item) =>
  h(
    'tr',
    { 'data-address': item.addressId },
    h('td', { class: 'num' }, fmt(item.rank, 0)),
    h(
      'td',
      {},
      h('a', { href: `#/address/${item.addressId}` }, addressText(item.address)),
      h('div', { class: 'muted' }, `${item.address.district} · ${item.address.neighbourhood}`),
    ),
    h('td', { class: 'num' }, pct(item.probability)),
    signalCell(item),
    h(
      'td',
      { class: 'reasons-cell' },
      h(
        'ul',
        { class: 'reasons' },
        item.reasons.map((r) => h('li', {}, r.sentence)),
      ),
    ),
  );

const tableHead = () =>
  h(
    'thead',
    {},
    h(
      'tr',
      {},
      h('th', { class: 'num' }, t('rank')),
      h('th', {}, t('address')),
      h('th', { class: 'num' }, t('probability')),
      h('th', {}, t('signal')),
      h('th', { class: 'reasons-cell' }, t('reasons')),
    ),
  );

/** @param {URLSearchParams} params */
export async function riskView(params) {
  const view = h('section', {}, h('h1', {}, t('risk')), h('p', { class: 'notice' }, t('notice')));
  const areas = /** @type {Areas} */ (await api('/areas'));
  const body = h('tbody');
  const table = h('div', { class: 'table-wrap' }, h('table', { id: 'risk-table' }, tableHead(), body));
  const more = h('button', { type: 'button' }, t('more'));
  const meta = h('p', { class: 'muted' });
  const count = h('p', { id: 'matching', role: 'status' });
  view.append(filterForm(areas, params), meta, h('p', { class: 'muted' }, t('areaCodes')), count, table, more);
  /** @type {string | null} */
  let cursor = null;
  const query = new URLSearchParams({ limit: '50', ...searchParams(params.get('q') ?? '') });
  for (const k of FILTERS) if (params.get(k)) query.set(k, String(params.get(k)));
  const load = async () => {
    const q = new URLSearchParams(query);
    if (cursor) q.set('cursor', cursor);
    const page = /** @type {RiskListPage} */ (await api(`/risk-list?${q}`));
    meta.textContent = `${t('model')} ${page.model.version} (${page.model.family}) · ${t('list')} ${page.riskList.id} · ${t('referenceDate')} ${day(page.riskList.referenceDate)} · ${fmt(page.riskList.addresses, 0)} ${t('addresses').toLowerCase()}`;
    // Unfiltered, the count would repeat the list's size just above it: said only when a search or filter narrows the list.
    const narrowed = [...query.keys()].some((k) => k !== 'limit' && k !== 'sort');
    count.hidden = !narrowed || page.matching === null;
    count.textContent = narrowed && page.matching !== null ? t('addressCount')(fmt(page.matching, 0), fmt(page.riskList.addresses, 0)) : '';
    body.append(...page.items.map(itemRow));
    cursor = page.nextCursor;
    more.hidden = !cursor;
  };
  more.addEventListener('click', () => load().catch((e) => view.append(errorBox(e))));
  await load();
  return view;
}
