import { escapeHtml } from '../support/escape-html';

export interface ConsentPageInput {
  appName: string;
  /** The original authorize parameters, carried through the form as hidden fields. */
  params: Record<string, string>;
  organisations: { tenantId: string; name: string }[];
  scopes: string[];
  error?: string;
}

/**
 * The sandbox's stand-in for login.xero.com's consent screen: one checkbox per organisation (the first checked),
 * "Allow access" and "Cancel". Hooks `sandbox-company-<tenantId>` and `sandbox-authorize` are fixed by DESIGN.md so
 * e2e tests can drive it. Everything user-controlled is escaped (state and redirect_uri come from the client).
 */
export function renderConsentPage(input: ConsentPageInput): string {
  const hidden = Object.entries(input.params)
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join('\n      ');
  const choices = input.organisations
    .map(
      (org, index) => `<li><label><input type="checkbox" name="company" value="${escapeHtml(org.tenantId)}"` +
        ` data-testid="sandbox-company-${escapeHtml(org.tenantId)}"${index === 0 ? ' checked' : ''}> ${escapeHtml(org.name)}</label></li>`,
    )
    .join('\n        ');
  const scopes = input.scopes.map((scope) => `<li>${escapeHtml(scope)}</li>`).join('');
  const error = input.error ? `<p role="alert" class="error">${escapeHtml(input.error)}</p>` : '';
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Xero sandbox | Authorise ${escapeHtml(input.appName)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:34rem;margin:3rem auto;color:#1e3145}ul{list-style:none;padding:0}
li{margin:.4rem 0}.error{color:#b00020}button{font-size:1rem;padding:.5rem 1.2rem;margin-right:.5rem}</style></head>
<body>
  <h1>${escapeHtml(input.appName)} wants to access your Xero data</h1>
  ${error}
  <form method="post" action="">
      ${hidden}
    <fieldset>
      <legend>Select the organisations to connect</legend>
      <ul>
        ${choices}
      </ul>
    </fieldset>
    <p>Requested permissions:</p><ul>${scopes}</ul>
    <button type="submit" name="decision" value="allow" data-testid="sandbox-authorize">Allow access</button>
    <button type="submit" name="decision" value="deny" data-testid="sandbox-cancel" formnovalidate>Cancel</button>
  </form>
</body>
</html>`;
}

export function renderIdentityErrorPage(message: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Xero sandbox | Error</title></head>` +
    `<body><h1>Sorry, something went wrong</h1><p data-testid="sandbox-error">${escapeHtml(message)}</p></body></html>`;
}
