/** The few pages a browser sees (the OAuth callback). Everything interpolated is escaped. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

export function htmlPage(title: string, message: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>${escapeHtml(title)} · LedgerLens</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:36em;margin:4em auto;padding:0 1em;color:#222}</style>
</head><body><h1>${escapeHtml(title)}</h1><p data-testid="oauth-result">${escapeHtml(message)}</p></body></html>`;
}

/** The callback URL carries an authorization code: no referrer, no scripts, no framing. */
export const HTML_SECURITY_HEADERS = {
  'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
} as const;

/**
 * One consent covered several companies (Xero organisations): a checkbox each and "Link selected", posted back to
 * the proxy with the single-use selection token. No script; every name is escaped.
 */
export function selectionPage(label: string, companies: readonly { id: string; name: string }[], selectionToken: string): string {
  const rows = companies
    .map(
      (company) =>
        `<li><label><input type="checkbox" name="company" value="${escapeHtml(company.id)}" checked data-testid="oauth-company-${escapeHtml(company.id)}"> ${escapeHtml(company.name)}</label></li>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>Choose ${escapeHtml(label)} organisations · LedgerLens</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:36em;margin:4em auto;padding:0 1em;color:#222}ul{list-style:none;padding:0}</style>
</head><body><h1>Which ${escapeHtml(label)} organisations should LedgerLens link?</h1>
<p>You gave access to ${companies.length} organisations. Each one you link is synced for your whole team.</p>
<form method="post" action="select" data-testid="oauth-selection">
<input type="hidden" name="selection" value="${escapeHtml(selectionToken)}">
<ul>
${rows}
</ul>
<button type="submit" data-testid="oauth-link-selected">Link selected</button>
</form></body></html>`;
}

/** The selection page posts back to the proxy itself. */
export const SELECTION_PAGE_HEADERS = {
  ...HTML_SECURITY_HEADERS,
  'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
} as const;
