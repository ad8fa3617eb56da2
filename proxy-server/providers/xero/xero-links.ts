/**
 * Deep links into Xero (api-facts.md §2 "Deep links"; https://developer.xero.com/documentation/api-guides/deep-link-xero):
 * `{app}/organisationlogin/default.aspx?shortcode={ShortCode}&redirecturl={path}`. The ShortCode picks the right
 * organisation when the user has several; it starts with `!`, so it is URL-encoded.
 */
export type XeroLinkEntity = 'customer' | 'vendor' | 'invoice' | 'estimate' | 'credit_note';

function redirectPath(entity: XeroLinkEntity, id: string): string {
  const encoded = encodeURIComponent(id);
  switch (entity) {
    case 'customer':
    case 'vendor':
      return `/Contacts/View/${encoded}`; // the "new UI" contact view the doc recommends
    case 'invoice':
      return `/AccountsReceivable/View.aspx?InvoiceID=${encoded}`;
    case 'credit_note':
      return `/AccountsReceivable/ViewCreditNote.aspx?creditNoteID=${encoded}`;
    case 'estimate':
      // Quotes are not on Xero's deep-link page; this is the web app's quote view, after its purchase-order pattern.
      return `/Accounts/Receivable/Quotes/View/${encoded}`;
  }
}

/**
 * Without a ShortCode (organisation not read yet) the link opens the path directly: Xero shows it in whichever
 * organisation the user last used, which is still better than no link.
 */
export function xeroDeepLink(appBaseUrl: string, shortCode: string | null, entity: XeroLinkEntity, id: string): string {
  const base = appBaseUrl.replace(/\/+$/, '');
  const path = redirectPath(entity, id);
  if (!shortCode) return `${base}${path}`;
  return `${base}/organisationlogin/default.aspx?shortcode=${encodeURIComponent(shortCode)}&redirecturl=${path}`;
}
