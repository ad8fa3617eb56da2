import { backgroundApi, type BackgroundApi } from '../messaging';
import type { PanelActions } from './panel-data';

/**
 * The panel's actions over the background's ProtocolMap (linkCustomer → PUT /v1/links; openSidePanel on the
 * sender's tab — the side panel reads the record itself through getTabCustomer, so "Create in" and "Link existing"
 * open it with no customer and it offers the create form / the search for this record).
 */
export function createPanelActions(api: Pick<BackgroundApi, 'linkCustomer' | 'openSidePanel'> = backgroundApi): PanelActions {
  return {
    linkRecord: (data) => api.linkCustomer(data),
    openSidePanel: ({ customerKey }) => api.openSidePanel({ customerKey: customerKey ?? null }),
  };
}
