// @ts-check
/**
 * What the page learns about the API from the OpenAPI document the service serves
 * (/docs/openapi.json), fetched once per page load: which routes answer in words (take
 * `lang`), and which values a query parameter accepts. The page keeps no copy of either,
 * so a route or a status the service adds needs no change here.
 */

/** @typedef {{ name: string, in: string, schema?: { enum?: unknown[] } }} Parameter */
/** @typedef {{ paths: Record<string, Record<string, { parameters?: Parameter[] }>> }} OpenApiDocument */
/** @typedef {{ method: string, pattern: RegExp, parameters: Parameter[] }} Operation */

/** @type {Promise<Operation[]> | null} */
let operations = null;

/** `/api/v1/addresses/{addressId}/risk` → a pattern that matches `/api/v1/addresses/0363…/risk`. @param {string} template */
function pathPattern(template) {
  const escaped = template.replace(/[.*+?^$()|[\]\\]/g, '\\$&');
  return new RegExp(`^${escaped.replace(/\{[^}]+\}/g, '[^/]+')}$`);
}

/** @param {OpenApiDocument} document @returns {Operation[]} */
function operationsOf(document) {
  return Object.entries(document.paths).flatMap(([template, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({
      method: method.toUpperCase(),
      pattern: pathPattern(template),
      parameters: operation.parameters ?? [],
    })),
  );
}

/**
 * The document's operations, fetched on first use; a failed fetch is not kept, so the
 * next request tries again. Called early, it fetches while the page does other things.
 * @returns {Promise<Operation[]>}
 */
export function loadApiDescription() {
  operations ??= fetch('/docs/openapi.json')
    .then(async (res) => {
      if (!res.ok) throw new Error(`the API description could not be read (HTTP ${res.status})`);
      return operationsOf(/** @type {OpenApiDocument} */ (await res.json()));
    })
    .catch((error) => {
      operations = null;
      throw error;
    });
  return operations;
}

/**
 * The parameters `method` takes at `path` (a path under /api/v1, query ignored), or none
 * when the document has no such operation.
 * @param {string} method
 * @param {string} path
 * @returns {Promise<Parameter[]>}
 */
async function parametersOf(method, path) {
  const pathname = `/api/v1${path.split('?')[0]}`;
  const found = (await loadApiDescription()).find((o) => o.method === method && o.pattern.test(pathname));
  return found?.parameters ?? [];
}

/**
 * Whether a request answers in words and so takes `?lang=`; the others refuse unknown
 * parameters.
 * @param {string} method
 * @param {string} path
 */
export async function takesLang(method, path) {
  return (await parametersOf(method, path)).some((p) => p.in === 'query' && p.name === 'lang');
}

/**
 * The values a query parameter accepts, in the document's order.
 * @param {string} method
 * @param {string} path
 * @param {string} name
 * @returns {Promise<string[]>}
 */
export async function queryValues(method, path, name) {
  const parameter = (await parametersOf(method, path)).find((p) => p.in === 'query' && p.name === name);
  return (parameter?.schema?.enum ?? []).map(String);
}
