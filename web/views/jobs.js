// @ts-check
/** The beheerder's job runs, the newest live check in words, and "retrain now". */
import { api } from '../api/client.js';
import { errorBox } from '../api/errors.js';
import { t } from '../i18n/texts.js';
import { h } from '../lib/dom.js';
import { when } from '../lib/format.js';
import { can } from '../session/session.js';
import { liveCheckParagraph } from './live-check.js';

/** @import { Job, JobList } from '../types/admin.js' */

function retrainButton() {
  const out = h('p', { role: 'status' });
  const retrain = async () => {
    try {
      const r = /** @type {{ scheduledFor: string }} */ (await api('/jobs/retrain', { method: 'POST', body: {} }));
      out.textContent = `${t('saved')} ${r.scheduledFor}`;
    } catch (err) {
      out.replaceChildren(errorBox(err));
    }
  };
  return [
    h('div', { class: 'actions' }, h('button', { type: 'button', class: 'primary', id: 'retrain', onclick: retrain }, t('retrain'))),
    out,
  ];
}

/** @param {Job} j */
const jobRow = (j) =>
  h(
    'tr',
    {},
    h('td', {}, j.job),
    h('td', {}, when(j.startedAt)),
    h('td', {}, when(j.finishedAt)),
    h('td', {}, h('span', { class: 'status' }, j.outcome)),
    h('td', {}, j.runner),
    h('td', {}, h('code', {}, JSON.stringify(j.detail).slice(0, 200))),
  );

/** @returns {Promise<HTMLElement>} */
export async function jobsView() {
  const list = /** @type {JobList} */ (await api('/jobs'));
  const view = h('section', {}, h('h1', {}, t('jobs')));
  if (can('jobs:run')) view.append(...retrainButton());
  // The newest run that checked the active model against the random sample: said in words, red when outside.
  const live = list.items.find((j) => j.detail?.model?.liveCheck)?.detail.model?.liveCheck;
  if (live) view.append(h('h2', {}, t('liveCheck')), liveCheckParagraph(live));
  const head = h(
    'thead',
    {},
    h(
      'tr',
      {},
      [t('job'), t('started'), t('finished'), t('status'), t('runner'), t('detail')].map((x) => h('th', {}, x)),
    ),
  );
  view.append(
    list.items.length
      ? h('div', { class: 'table-wrap' }, h('table', { id: 'jobs' }, head, h('tbody', {}, list.items.map(jobRow))))
      : h('p', {}, t('noItems')),
  );
  return view;
}
