// @ts-check
/**
 * The interventieteam's forms on one control: plan it, record its outcome, correct a
 * recorded outcome. An outcome becomes a training label, so none is chosen by default
 * and each is recorded only after a confirmation.
 */
import { api } from '../api/client.js';
import { errorBox } from '../api/errors.js';
import { t } from '../i18n/texts.js';
import { confirmStep } from '../lib/confirm.js';
import { h } from '../lib/dom.js';
import { addressText, day, when } from '../lib/format.js';
import { refresh } from '../navigation.js';

/** @import { Control, ControlDates } from '../types/workflow.js' */

/** Outcomes to choose from, none chosen: a placeholder the browser will not submit. @param {string} id @param {string | null} [except] */
function outcomeSelect(id, except = null) {
  return h(
    'select',
    { id, required: true },
    h('option', { value: '', disabled: true, selected: true }, t('chooseOutcome')),
    Object.entries(t('outcomes'))
      .filter(([k]) => k !== except)
      .map(([k, v]) => h('option', { value: k }, v)),
  );
}

/**
 * Posts `body` to a control's `step`, then shows the lists again; an error stays in the row.
 * @param {Control} c @param {string} step @param {object} body @param {HTMLElement} out
 */
async function controlStep(c, step, body, out) {
  try {
    await api(`/controls/${c.id}/${step}`, { method: 'POST', body });
    await refresh();
  } catch (err) {
    out.replaceChildren(errorBox(err));
  }
}

/** @param {Control} c @param {ControlDates} dates @param {HTMLElement} out */
export function planForm(c, dates, out) {
  // The service's limits, so the browser's date picker offers only dates it accepts.
  const date = h('input', {
    type: 'date',
    id: `plan-${c.id}`,
    value: c.approvedOn > dates.today ? c.approvedOn : dates.today,
    min: c.approvedOn,
    max: dates.lastPlanDate,
    required: true,
  });
  return h(
    'form',
    {
      onsubmit: (e) => {
        e.preventDefault();
        void controlStep(c, 'plan', { plannedFor: date.value }, out);
      },
    },
    h('label', { for: `plan-${c.id}` }, t('plannedFor')),
    date,
    h('p', { class: 'muted hint' }, t('planRange')(day(c.approvedOn), day(dates.lastPlanDate))),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, t('plan'))),
    out,
  );
}

/** @param {Control} c @param {ControlDates} dates @param {HTMLElement} out */
export function outcomeForm(c, dates, out) {
  const outcome = outcomeSelect(`outcome-${c.id}`);
  const planned = c.plannedFor && c.plannedFor >= c.approvedOn && c.plannedFor <= dates.today ? c.plannedFor : dates.today;
  const date = h('input', { type: 'date', id: `inspected-${c.id}`, value: planned, min: c.approvedOn, max: dates.today, required: true });
  const submit = async () => {
    const sure = await confirmStep(
      t('confirmRecord'),
      [
        [t('address'), addressText(c.address)],
        [t('outcome'), t('outcomes')[outcome.value]],
        [t('inspectedOn'), day(date.value)],
      ],
      t('confirmRecordYes'),
      t('confirmNote'),
    );
    if (sure) await controlStep(c, 'outcome', { outcome: outcome.value, inspectedOn: date.value }, out);
  };
  return h(
    'form',
    {
      onsubmit: (e) => {
        e.preventDefault();
        if (outcome.value) void submit();
      },
    },
    h('label', { for: `outcome-${c.id}` }, t('outcome')),
    outcome,
    h('label', { for: `inspected-${c.id}` }, t('inspectedOn')),
    date,
    h('p', { class: 'muted hint' }, t('inspectedRange')(day(c.approvedOn), day(dates.today))),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, t('record'))),
    out,
  );
}

/** The outcome as first recorded and every correction since, oldest first. @param {Control} c */
export function outcomeHistory(c) {
  /** @param {string | null} o */
  const word = (o) => t('outcomes')[String(o)];
  const first = c.corrections[0]?.from ?? c.outcome;
  return h(
    'ul',
    { class: 'history' },
    h('li', {}, t('recordedAs')(word(first), when(c.outcomeAt))),
    c.corrections.map((k) =>
      h(
        'li',
        { 'data-correction': k.id },
        t('correctedTo')(word(k.from), word(k.to), k.by, when(k.at)),
        h('div', { class: 'muted' }, k.reason),
      ),
    ),
  );
}

/** @param {Control} c @param {HTMLElement} out */
export function correctionForm(c, out) {
  const outcome = outcomeSelect(`correct-${c.id}`, c.outcome);
  const reason = h('textarea', { id: `correct-reason-${c.id}`, required: true, minlength: 10, maxlength: 2000 });
  const submit = async () => {
    /** @type {Array<[string, string]>} */
    const rows = [
      [t('address'), addressText(c.address)],
      [t('recorded'), t('outcomes')[String(c.outcome)]],
      [t('correctedOutcome'), t('outcomes')[outcome.value]],
      [t('reason'), reason.value],
    ];
    if (await confirmStep(t('confirmCorrection'), rows, t('confirmCorrectionYes'), t('correctionNote')))
      await controlStep(c, 'correction', { outcome: outcome.value, reason: reason.value }, out);
  };
  return h(
    'details',
    { class: 'correct' },
    h('summary', {}, t('correct')),
    h(
      'form',
      {
        onsubmit: (e) => {
          e.preventDefault();
          if (outcome.value) void submit();
        },
      },
      h('label', { for: `correct-${c.id}` }, t('correctedOutcome')),
      outcome,
      h('label', { for: `correct-reason-${c.id}` }, t('correctionReason')),
      reason,
      h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, t('recordCorrection'))),
      out,
    ),
  );
}
