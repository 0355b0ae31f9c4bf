// @ts-check
/**
 * Building the page's elements: text only, never HTML from data, so nothing the API
 * returns can become markup.
 */

/**
 * An attribute's value: false, null and undefined leave it out, true sets it empty, a
 * function is a listener for the event it is named after (`onclick`).
 * @typedef {string | number | boolean | null | undefined | ((event: Event) => unknown)} AttrValue
 */
/** @typedef {Record<string, AttrValue>} Attrs */
/**
 * What an element may hold: nodes and text, and the empty values a conditional leaves
 * behind, which are skipped; or arrays of them, nested at most two deep.
 * @typedef {Node | string | number | null | undefined | false} Leaf
 * @typedef {Leaf | Array<Leaf | Leaf[]>} Child
 */

/** @param {Child[]} children @returns {Array<Node | string>} */
function nodes(children) {
  /** @type {Array<Node | string>} */
  const out = [];
  for (const c of children.flat(2)) if (c !== null && c !== undefined && c !== false) out.push(c instanceof Node ? c : String(c));
  return out;
}

/**
 * An HTML element with attributes and children.
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {Attrs} [attrs]
 * @param {...Child} children
 * @returns {HTMLElementTagNameMap[K]}
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs ?? {})) {
    if (v === undefined || v === null || v === false) continue;
    if (typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = String(v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  el.append(...nodes(children));
  return el;
}

const SVG = 'http://www.w3.org/2000/svg';

/**
 * An SVG element with attributes and children.
 * @template {keyof SVGElementTagNameMap} K
 * @param {K} tag
 * @param {Record<string, string | number | null | undefined>} [attrs]
 * @param {...Child} children
 * @returns {SVGElementTagNameMap[K]}
 */
export function s(tag, attrs = {}, ...children) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined && v !== null) el.setAttribute(k, String(v));
  el.append(...nodes(children));
  return el;
}

/**
 * An element of index.html by its id, of the type the page relies on: a missing or
 * different element is a broken page, said at once rather than as a null later.
 * @template {HTMLElement} E
 * @param {string} id
 * @param {{ new (): E, prototype: E }} type
 * @returns {E}
 */
export function byId(id, type) {
  const el = document.getElementById(id);
  if (!(el instanceof type)) throw new Error(`#${id} is missing or not a ${type.name}`);
  return el;
}

/** The page's main region, where every view is shown. */
export const main = () => byId('main', HTMLElement);
