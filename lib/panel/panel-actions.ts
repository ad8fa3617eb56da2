import { backgroundApi, type BackgroundApi } from '../messaging';
import type { PanelActions } from './panel-data';

/**
 * The panel's actions over the background's ProtocolMap (linkCustomer → PUT /v1/links; openSidePanel on the
 * sender's tab). The side panel reads the record itself through getTabCustomer (the background remembers each tab's
 * lookup), and the intent tells it what to offer: "Create in" → the create form prefilled from the record, "Link
 * existing" → the search to link one, "Open side panel" → the customer.
 */
export function createPanelActions(api: Pick<BackgroundApi, 'linkCustomer' | 'openSidePanel'> = backgroundApi): PanelActions {
  return {
    linkRecord: (data) => api.linkCustomer(data),
    openSidePanel: ({ customerKey, intent }) => api.openSidePanel({ customerKey: customerKey ?? null, intent }),
  };
}
