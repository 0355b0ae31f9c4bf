// @ts-check
/**
 * The analist's risk list: filtered by district and neighbourhood (kept in the hash, so a
 * filtered list can be bookmarked), fifty addresses a page with their top reasons.
 */
import { api } from '../api/client.js';
import { errorBox } from '../api/errors.js';
import { t } from '../i18n/texts.js';
import { h } from '../lib/dom.js';
import { addressText, day, fmt, pct } from '../lib/format.js';

/** @import { Areas, RiskListItem, RiskListPage } from '../types/risk.js' */

/** The district and neighbourhood choice; choosing a district offers its neighbourhoods. @param {Areas} areas @param {URLSearchParams} params */
function filterForm(areas, params) {
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
  /** @param {Event} e */
  const submit = (e) => {
    e.preventDefault();
    const q = new URLSearchParams();
    if (district.value) q.set('district', district.value);
    if (neighbourhood.value) q.set('neighbourhood', neighbourhood.value);
    location.hash = `#/risk?${q}`;
  };
  return h(
    'form',
    { class: 'row', onsubmit: submit },
    h('div', {}, h('label', { for: 'district' }, t('district')), district),
    h('div', {}, h('label', { for: 'neighbourhood' }, t('neighbourhood')), neighbourhood),
    h('div', {}, h('button', { type: 'submit', class: 'primary' }, t('filter'))),
  );
}

/** @param {RiskListItem} item */
const itemRow = (item) =>
  h(
    'tr',
    {},
    h('td', { class: 'num' }, fmt(item.rank, 0)),
    h(
      'td',
      {},
      h('a', { href: `#/address/${item.addressId}` }, addressText(item.address)),
      h('div', { class: 'muted' }, `${item.address.district} · ${item.address.neighbourhood}`),
    ),
    h('td', { class: 'num' }, pct(item.probability)),
    h(
      'td',
      { class: 'hide-narrow' },
      h(
        'ul',
        { class: 'reasons' },
        item.reasons.map((r) => h('li', {}, r.sentence)),
      ),
    ),
  );

/** @param {URLSearchParams} params */
export async function riskView(params) {
  const view = h('section', {}, h('h1', {}, t('risk')), h('p', { class: 'notice' }, t('notice')));
  const areas = /** @type {Areas} */ (await api('/areas'));
  const body = h('tbody');
  const table = h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      { id: 'risk-table' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', { class: 'num' }, t('rank')),
          h('th', {}, t('address')),
          h('th', { class: 'num' }, t('probability')),
          h('th', { class: 'hide-narrow' }, t('reasons')),
        ),
      ),
      body,
    ),
  );
  const more = h('button', { type: 'button' }, t('more'));
  const meta = h('p', { class: 'muted' });
  view.append(filterForm(areas, params), meta, table, more);
  /** @type {string | null} */
  let cursor = null;
  const load = async () => {
    const q = new URLSearchParams({ limit: '50' });
    for (const k of ['district', 'neighbourhood']) if (params.get(k)) q.set(k, String(params.get(k)));
    if (cursor) q.set('cursor', cursor);
    const page = /** @type {RiskListPage} */ (await api(`/risk-list?${q}`));
    meta.textContent = `${t('model')} ${page.model.version} (${page.model.family}) · ${t('list')} ${page.riskList.id} · ${t('referenceDate')} ${day(page.riskList.referenceDate)} · ${fmt(page.riskList.addresses, 0)} ${t('addresses').toLowerCase()}`;
    body.append(...page.items.map(itemRow));
    cursor = page.nextCursor;
    more.hidden = !cursor;
  };
  more.addEventListener('click', () => load().catch((e) => view.append(errorBox(e))));
  await load();
  return view;
}
