/**
 * Only the extension may call the proxy from a browser. Web pages (the CRM's own scripts included) get no CORS
 * headers, and their state-changing requests are refused outright, so a page cannot even fire-and-forget a POST
 * with a stolen token.
 */
export function originPolicy(allowed: string[] | null): (origin: string) => boolean {
  if (allowed) {
    const set = new Set(allowed);
    return (origin) => set.has(origin);
  }
  return (origin) => /^(chrome-extension|moz-extension):\/\/[A-Za-z0-9-]+$/.test(origin);
}
