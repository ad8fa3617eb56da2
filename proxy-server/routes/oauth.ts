import { Hono, type Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { PROVIDER_LABEL, ProviderSchema, type Provider } from '../../lib/model';
import type { AppDeps, AppEnv } from '../http/app-env';
import { HTML_SECURITY_HEADERS, htmlPage } from '../http/html';
import { ProviderError } from '../providers/provider-client';

function page(c: Context, status: ContentfulStatusCode, title: string, message: string) {
  return c.html(htmlPage(title, message), status, HTML_SECURITY_HEADERS);
}

/**
 * GET /oauth/:provider/callback — public: the browser lands here from the provider's consent page. The state must
 * be one this proxy issued, unexpired and unused; it names the workspace and seat the connection belongs to.
 */
export function oauthRoutes(deps: AppDeps) {
  return new Hono<AppEnv>().get('/:provider/callback', async (c) => {
    const parsedProvider = ProviderSchema.safeParse(c.req.param('provider'));
    if (!parsedProvider.success) return page(c, 404, 'Not found', 'There is no such provider.');
    const provider: Provider = parsedProvider.data;
    const label = PROVIDER_LABEL[provider];
    const client = deps.providers[provider];
    const state = c.req.query('state');
    const binding =
      client && state && state.length <= 200 ? await deps.store.oauthStates.consume(state, provider, deps.clock.now()) : null;
    if (!client || !binding) {
      return page(
        c,
        400,
        'This link has expired',
        `This ${label} sign-in link is unknown, expired or was already used. Start again from the LedgerLens extension.`,
      );
    }
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
      const grant = await client.exchangeCode(new URL(c.req.url));
      const names: string[] = [];
      for (const companyId of grant.companyIds) {
        // Token-only auth for the first calls: the connection row does not exist yet.
        const info = await client.companyInfo({
          companyId,
          connectionId: 'pending',
          accessToken: async (rejected) => {
            if (rejected) throw new ProviderError('unauthorized', `${label} refused the new access token.`);
            return grant.tokens.accessToken;
          },
        });
        const connection = await deps.store.connections.upsertWithTokens({
          workspaceId: binding.workspaceId,
          provider,
          companyId,
          companyName: info.name,
          currency: info.currency,
          seatId: binding.seatId,
          tokens: grant.tokens,
          now: deps.clock.now(),
        });
        deps.sync.start(connection.id, 'initial');
        names.push(info.name);
      }
      return page(c, 200, `Connected to ${names.join(', ')}`, `Connected to ${names.join(', ')}. You can close this tab.`);
    } catch (err) {
      const message = err instanceof ProviderError ? err.message : `Something went wrong while connecting to ${label}.`;
      if (!(err instanceof ProviderError)) console.warn(`oauth callback failed: ${(err as Error)?.message}`);
      return page(c, 502, 'Could not connect', `${message} Start again from the LedgerLens extension.`);
    }
  });
}
