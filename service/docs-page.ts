/** /docs: the OpenAPI document's operations as a plain page (no scripts, no external assets). */

/** The page for `document`: one row per operation, with its permission and parameters. */
export function docsPage(document: Record<string, unknown>): string {
  const escape = (s: unknown) => String(s ?? '').replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
  const rows: string[] = [];
  for (const [path, methods] of Object.entries(
    document.paths as Record<
      string,
      Record<string, { summary: string; description: string; parameters: Array<{ name: string; in: string; required: boolean }> }>
    >,
  )) {
    for (const [method, op] of Object.entries(methods)) {
      const params = op.parameters.map((p) => `${escape(p.name)} (${p.in}${p.required ? ', required' : ''})`).join(', ');
      rows.push(
        `<tr><td><code>${method.toUpperCase()} ${escape(path)}</code></td><td>${escape(op.summary)}<br><small>${escape(op.description)}</small>${params ? `<br><small>Parameters: ${params}</small>` : ''}</td></tr>`,
      );
    }
  }
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>hennep-risk API</title>
<link rel="stylesheet" href="/docs.css"></head>
<body><h1>hennep-risk API</h1><p>${escape((document.info as { description: string }).description)}</p>
<p>Machine-readable: <a href="/docs/openapi.json">/docs/openapi.json</a> (OpenAPI 3.1, generated from the validation schemas).</p>
<table>${rows.join('\n')}</table></body></html>`;
}
