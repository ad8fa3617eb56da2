/**
 * Script and markup payloads for issue 7, reliability item 7 ("a corpus of script and markup payloads in every provider
 * string field rendered inert in panel, side panel and options"). One list, used by the panel's unit tests
 * (test/unit/extension/panel.test.tsx) and the Chromium test that pushes it through the sandbox, the proxy and the
 * feed into the side panel and the options page (test/e2e/reliability-hostile-render.test.ts).
 *
 * Every payload that would run sets `window.__pwned` (`self.__pwned` in a worker), so a check of that one global in
 * every frame tells whether anything ran. None has leading or trailing whitespace or a run of spaces: providers and
 * the normalizer trim, and `innerText` collapses runs, so the rendered text is then the payload itself.
 */
export const PWNED_GLOBAL = '__pwned';

const RUN = 'window.__pwned=1';

export const HOSTILE_PAYLOADS: readonly string[] = [
  `<img src=x onerror="${RUN}">`,
  `<script>${RUN}</script>`,
  `"><svg onload="${RUN}">`,
  `javascript:${RUN}`,
  `'"><a href="javascript:${RUN}">click me</a>`,
  `<iframe src="javascript:${RUN}"></iframe>`,
  `<svg><script>${RUN}</script></svg>`,
  `<details open ontoggle="${RUN}">x</details>`,
  `</textarea></title><style></style><script>${RUN}</script>`,
  `{{constructor.constructor('${RUN}')()}}`,
  `\${${RUN}}`,
  `<math><mtext><table><mglyph><style><img src=x onerror="${RUN}">`,
  // Right-to-left override, zero-width joiner/space and an isolate around markup: shown as is, never reordered into tags.
  `\u202Egnp.exe\u200B\u200D\u2066<b onmouseover="${RUN}">rtl</b>\u2069`,
  // Very long (QBO's DisplayName limit is 500 characters).
  `Long ${'Ω'.repeat(400)} <img src=x onerror="${RUN}"> end`,
];

/** A payload cut to a provider field's length limit (QBO DocNumber 21, Item Name 100), trimmed as the mapper trims. */
export function fitPayload(payload: string, max: number): string {
  return payload.slice(0, max).trim();
}
