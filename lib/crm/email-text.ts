/** Text and email readers for CRM adapters (HubSpot today). No dependencies: this code ships in the content script. */

const EMAIL = /^[^\s@<>"'(),;:]+@[^\s@<>"'(),;:]+\.[^\s@<>"'(),;:]+$/;

/** Trimmed, whitespace-collapsed text; null when empty. Form controls give their value. */
export function textOf(el: Element | null): string | null {
  if (!el) return null;
  const control = el.matches('input, textarea') ? el : el.querySelector('input, textarea');
  const raw = control ? (control as HTMLInputElement).value : el.textContent;
  const text = (raw ?? '').replace(/\s+/g, ' ').trim();
  return text || null;
}

/** Every email under `root`: mailto: links, input values and text, split on the separators CRMs use. */
export function emailsIn(root: Element): string[] {
  const found: string[] = [];
  const candidates = [root, ...root.querySelectorAll('a[href^="mailto:" i], input, textarea')];
  for (const el of candidates) {
    if (el.tagName === 'A') {
      const href = el.getAttribute('href') ?? '';
      if (/^mailto:/i.test(href)) found.push(...splitEmails(safeDecode(href.slice(7).split('?')[0] ?? '')));
    } else if (el.matches('input, textarea')) {
      found.push(...splitEmails((el as HTMLInputElement).value));
    }
  }
  // Text node by text node: textContent would glue neighbours ("ada@x.com" + "+44…") into one bogus address.
  const walker = root.ownerDocument.createTreeWalker(root, 4 /* NodeFilter.SHOW_TEXT */);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) found.push(...splitEmails(node.nodeValue ?? ''));
  return distinctEmails(found);
}

export function splitEmails(text: string): string[] {
  return text
    .split(/[\s,;]+/)
    .map((part) => part.replace(/^[<("']+|[>)"'.]+$/g, ''))
    .filter((part) => EMAIL.test(part));
}

/** Distinct by case-insensitive value, keeping the first spelling seen. */
export function distinctEmails(emails: readonly string[]): string[] {
  const seen = new Map<string, string>();
  for (const email of emails) {
    const key = email.trim().toLowerCase();
    if (key && !seen.has(key)) seen.set(key, email.trim());
  }
  return [...seen.values()];
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
