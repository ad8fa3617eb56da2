import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { PROVIDER_LABEL, ProviderSchema, type Provider } from '../../lib/model';
import { linkCompanies, grantAuth } from '../connections/link-companies';
import { connectionAuth, removeConnection } from '../connections/remove-connection';
import type { AppDeps } from '../http/app-env';
import { HTML_SECURITY_HEADERS, SELECTION_PAGE_HEADERS, htmlPage, selectionPage } from '../http/html';
import { ProviderError, type Grant, type ProviderClient } from '../providers/provider-client';
import { randomToken } from '../security/secrets';
import type { SelectableCompany } from '../store/oauth-selections';

function page(c: Context, status: ContentfulStatusCode, title: string, message: string) {
  return c.html(htmlPage(title, message), status, HTML_SECURITY_HEADERS);
}

const expired = (c: Context, label: string) =>
  page(c, 400, 'This link has expired', `This ${label} sign-in link is unknown, expired or was already used. Start again from the LedgerLens extension.`);

function failed(c: Context, label: string, err: unknown) {
  const message = err instanceof ProviderError ? err.message : `Something went wrong while connecting to ${label}.`;
  if (!(err instanceof ProviderError)) console.warn(`oauth callback failed: ${(err as Error)?.message}`);
  return page(c, 502, 'Could not connect', `${message} Start again from the LedgerLens extension.`);
}

const connectedPage = (c: Context, names: string[]) =>
  page(c, 200, `Connected to ${names.join(', ')}`, `Connected to ${names.join(', ')}. You can close this tab.`);

function companiesOf(grant: Grant): SelectableCompany[] {
  return grant.companies ?? grant.companyIds.map((id) => ({ id, name: id, providerConnectionId: null }));
}

/** QBO realm ids are digits; anything else is not a realm this proxy could hold. */
const REALM_ID = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * Public browser routes (no seat token), mounted before the seat middleware:
 * - GET /oauth/:provider/callback — the provider's consent redirect. The state must be one this proxy issued,
 *   unexpired and unused; it names the workspace, the seat and (reconnect) the connection.
 * - POST /oauth/:provider/select — the "pick your organisations" form when one consent covered several.
 * - GET /oauth/qbo/disconnect — Intuit's Disconnect URL, where a user who disconnected the app in QuickBooks lands.
 */
export function oauthRoutes(deps: AppDeps) {
  const providerOf = (c: Context): { provider: Provider; label: string; client: ProviderClient | undefined } | null => {
    const parsed = ProviderSchema.safeParse(c.req.param('provider'));
    if (!parsed.success) return null;
    return { provider: parsed.data, label: PROVIDER_LABEL[parsed.data], client: deps.providers[parsed.data] };
  };

  /** Drops what abandoned selection pages left: their grants, unless a connection uses them. */
  async function purgeSelections() {
    for (const grantId of await deps.store.oauthSelections.purgeExpired(deps.clock.now())) await deps.store.connections.dropGrantIfUnused(grantId);
  }

  return (
    new Hono()
      .use('*', bodyLimit({ maxSize: 16 * 1024, onError: (c) => page(c, 413, 'Too large', 'That form was too large.') }))

      .get('/qbo/disconnect', async (c) => {
        const realmId = c.req.query('realmId') ?? '';
        const client = deps.providers.qbo;
        if (!client || !REALM_ID.test(realmId)) return page(c, 400, 'Unknown company', 'This disconnect link does not name a QuickBooks company.');
        // Anyone can open this URL, so it only removes connections whose grant QuickBooks really stopped honouring:
        // one cheap call proves it (a revoked grant fails to refresh). A working connection stays.
        let removed = 0;
        let kept = 0;
        for (const connection of await deps.store.connections.findByCompany('qbo', realmId)) {
          try {
            await client.companyInfo(connectionAuth(deps.tokens, connection));
            kept += 1;
          } catch (error) {
            if (error instanceof ProviderError && (error.kind === 'invalid_grant' || error.kind === 'unauthorized')) {
              await removeConnection(deps, connection, { atProvider: false });
              removed += 1;
            } else kept += 1;
          }
        }
        if (removed > 0 || kept === 0) {
          return page(c, 200, 'Disconnected from LedgerLens', 'QuickBooks is disconnected from LedgerLens, and LedgerLens deleted the data it held for this company. You can close this tab.');
        }
        return page(c, 200, 'Still connected', 'LedgerLens can still reach this QuickBooks company, so nothing was deleted. Disconnect it from the LedgerLens extension.');
      })

      .get('/:provider/callback', async (c) => {
        const p = providerOf(c);
        if (!p) return page(c, 404, 'Not found', 'There is no such provider.');
        const { provider, label, client } = p;
        const state = c.req.query('state');
        const binding = client && state && state.length <= 200 ? await deps.store.oauthStates.consume(state, provider, deps.clock.now()) : null;
        if (!client || !binding) return expired(c, label);
        const error = c.req.query('error');
        if (error) {
          return page(
            c,
            error === 'access_denied' ? 200 : 400,
            'Connection cancelled',
            `The connection to ${label} was cancelled. You can close this tab and try again from the extension.`,
          );
        }
        try {
          await purgeSelections();
          const grant = await client.exchangeCode(new URL(c.req.url));
          let companies = companiesOf(grant);
          // A reconnect the consent covers: that company only, keeping its connection (id, links, mirror).
          if (binding.connectionId) {
            const target = await deps.store.connections.get(binding.workspaceId, binding.connectionId);
            const match = target ? companies.find((company) => company.id.toLowerCase() === target.companyId.toLowerCase()) : undefined;
            if (match) companies = [match];
          }
          const link = { provider, client, label, workspaceId: binding.workspaceId, seatId: binding.seatId, tokens: grant.tokens };
          if (companies.length <= 1) return connectedPage(c, await linkCompanies(deps, { ...link, companies }));
          // Several organisations in one consent: the user picks. The grant waits, stored, for the form.
          const grantId = await deps.store.connections.storeGrant(grant.tokens, deps.clock.now());
          const token = randomToken('', 32);
          await deps.store.oauthSelections.create(token, { workspaceId: binding.workspaceId, seatId: binding.seatId, provider, grantId, companies }, deps.clock.now());
          return c.html(selectionPage(label, companies, token), 200, SELECTION_PAGE_HEADERS);
        } catch (err) {
          return failed(c, label, err);
        }
      })

      .post('/:provider/select', async (c) => {
        const p = providerOf(c);
        if (!p) return page(c, 404, 'Not found', 'There is no such provider.');
        const { provider, label, client } = p;
        // The picker page posts from the proxy's own origin; a post from any other page is a forgery attempt, refused
        // before the selection token is even looked at (defence in depth beside the token).
        const origin = c.req.header('origin');
        if (origin !== undefined && origin !== new URL(c.req.url).origin) {
          return page(c, 403, 'Not allowed', 'This form can only be sent from the LedgerLens page that showed it.');
        }
        const form = await c.req.parseBody({ all: true });
        const token = typeof form['selection'] === 'string' ? form['selection'] : '';
        const picked = new Set([form['company'] ?? []].flat().filter((v): v is string => typeof v === 'string'));
        // The token is the form's credential (unguessable, single use, bound to the grant): a forged post links nothing.
        const selection = client && token && token.length <= 200 ? await deps.store.oauthSelections.consume(token, provider, deps.clock.now()) : null;
        if (!client || !selection) return expired(c, label);
        try {
          const stored = await deps.store.connections.getGrantTokens(selection.grantId);
          if (!stored) return expired(c, label);
          const chosen = selection.companies.filter((company) => picked.has(company.id));
          const left = selection.companies.filter((company) => !picked.has(company.id));
          if (chosen.length === 0) {
            // Nothing to link: give the consent back rather than keep a grant nobody uses.
            await client.revoke(stored.tokens).catch(() => undefined);
            await deps.store.connections.dropGrantIfUnused(selection.grantId);
            return page(c, 200, 'Nothing linked', `No ${label} organisation was linked. You can close this tab.`);
          }
          const names = await linkCompanies(deps, {
            provider,
            client,
            label,
            workspaceId: selection.workspaceId,
            seatId: selection.seatId,
            tokens: stored.tokens,
            grantId: selection.grantId,
            companies: chosen,
          });
          // Organisations ticked at the provider but not here: remove them from the app's connections there too
          // (Xero counts connections against the app's tier). Best effort.
          if (client.disconnectCompany) {
            for (const company of left) {
              await client.disconnectCompany(grantAuth(company.id, stored.tokens, label), company.providerConnectionId).catch(() => undefined);
            }
          }
          return connectedPage(c, names);
        } catch (err) {
          return failed(c, label, err);
        }
      })
  );
}
