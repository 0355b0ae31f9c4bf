// @ts-check
/**
 * Showing the current part again, after a change a view made (a decision, an outcome, a
 * model switched off). The router registers itself here at start-up, so that views can
 * refresh without importing the router that imports them.
 */

/** @type {() => Promise<void>} */
let show = async () => {};

/** @param {() => Promise<void>} render */
export function onRefresh(render) {
  show = render;
}

/** Renders the part the address bar names, afresh. */
export const refresh = () => show();
