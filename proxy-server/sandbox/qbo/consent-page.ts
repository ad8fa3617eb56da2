import { escapeHtml } from '../html.js';
import type { SandboxCompany } from '../emulator.js';

/** The parameters Intuit's authorize endpoint takes and carries through consent. */
export interface AuthorizeParams {
  client_id: string;
  redirect_uri: string;
  response_type: string;
  scope: string;
  state: string;
}

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem}
label{display:block;padding:.5rem;border:1px solid #ccc;border-radius:6px;margin:.5rem 0}
button{padding:.5rem 1.2rem;margin-right:.5rem}</style></head>
<body>${body}</body></html>`;
}

/** One radio per company (first preselected), Authorize and Cancel; the original params ride along as hidden fields. */
export function consentPage(params: AuthorizeParams, companies: SandboxCompany[]): string {
  const hidden = (Object.keys(params) as (keyof AuthorizeParams)[])
    .map((key) => `<input type="hidden" name="${key}" value="${escapeHtml(params[key])}">`)
    .join('\n');
  const choices = companies
    .map(
      (company, index) => `<label><input type="radio" name="company" value="${escapeHtml(company.id)}"
  data-testid="sandbox-company-${escapeHtml(company.id)}"${index === 0 ? ' checked' : ''}>
  ${escapeHtml(company.name)} <small>(${escapeHtml(company.currency)}, realm ${escapeHtml(company.id)})</small></label>`,
    )
    .join('\n');
  return page(
    'Connect to QuickBooks (sandbox)',
    `<h1>Intuit QuickBooks — sandbox</h1>
<p>The app <strong>${escapeHtml(params.client_id)}</strong> wants to access your QuickBooks company
(${escapeHtml(params.scope)}).</p>
<form method="post">
${hidden}
<fieldset><legend>Choose a company</legend>
${choices}
</fieldset>
<button type="submit" name="decision" value="allow" data-testid="sandbox-authorize">Authorize</button>
<button type="submit" name="decision" value="deny" data-testid="sandbox-cancel">Cancel</button>
</form>`,
  );
}

export function errorPage(message: string): string {
  return page('Sandbox authorization error', `<h1>Authorization error</h1><p data-testid="sandbox-error">${escapeHtml(message)}</p>`);
}
