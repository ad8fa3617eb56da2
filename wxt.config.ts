import { defineConfig } from 'wxt';

// The extension talks only to the LedgerLens proxy. Loopback is granted up front so `npm start` works out of the
// box; a proxy on any other https host is requested at pairing time (optional_host_permissions), and so are custom
// CRM sites (options page → scripting.registerContentScripts, api-facts.md §3).
const OPTIONAL_ORIGINS = ['https://*/*', 'http://*/*'];

/** Entrypoints that exist only in the bench build (`wxt build --mode bench` → .output/chrome-mv3-bench). */
const BENCH_ONLY = new Set(['bench']);

export default defineConfig({
  modules: ['@wxt-dev/module-react'],
  hooks: {
    // entrypoints/bench.html exposes the Dexie mirror's functions to bench/p7-dexie.ts; production and the e2e
    // builds never ship it (WXT's per-entrypoint include/exclude select browsers, not modes, hence this hook).
    'entrypoints:resolved': (wxt, entrypoints) => {
      if (wxt.config.mode === 'bench') return;
      for (const entry of entrypoints) if (BENCH_ONLY.has(entry.name)) entry.skipped = true;
    },
  },
  // Explicit imports everywhere: the proxy shares lib/ with the extension and runs outside WXT.
  imports: false,
  manifest: ({ browser }) => ({
    name: 'LedgerLens',
    description: 'QuickBooks Online and Xero balances, invoices and actions on your CRM record pages.',
    permissions: ['storage', 'alarms', 'scripting', ...(browser === 'firefox' ? [] : ['sidePanel'])],
    // Firefox MV2 has no optional_host_permissions: optional origins are listed with the optional permissions.
    optional_permissions: ['notifications', ...(browser === 'firefox' ? OPTIONAL_ORIGINS : [])],
    host_permissions: ['http://127.0.0.1/*', 'http://localhost/*'],
    optional_host_permissions: OPTIONAL_ORIGINS,
    // The panel is an extension-origin iframe on CRM pages (entrypoints/panel), built-in or custom (the user's own
    // sites, any origin: issue 5), so any origin may embed it. Embedding it gives a page nothing: the panel shows
    // only what the background hands it for a one-time token our content script got (lib/panel/session-protocol.ts).
    web_accessible_resources: [{ resources: ['panel.html'], matches: ['<all_urls>'] }],
    commands: {
      'open-side-panel': {
        suggested_key: { default: 'Alt+Shift+L' },
        description: 'Open the LedgerLens side panel',
      },
    },
  }),
});
