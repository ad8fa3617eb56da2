import { useCallback, useEffect, useState } from 'react';
import { backgroundApi, type BackgroundApi, type Status } from '@/lib/messaging';
import {
  PanelTabSchema,
  preferences as defaultPreferences,
  type Display,
  type MatchingRules,
  type NotificationPrefs,
  type Preferences,
  type Sites,
} from '@/lib/settings';
import type { CustomerHit } from '@/lib/search/customer-search';
import { CustomerSearch } from '@/components/shared/customer-search';
import { SyncSettings } from './sync-settings';
import { SitesSettings } from './sites-settings';
import { MatchingSettings } from './matching-settings';
import { SyncLog } from './sync-log';
import { SalesLog } from './sales-log';

const TAB_LABEL = { invoices: 'Invoices', estimates: 'Estimates / quotes', payments: 'Payments', creditNotes: 'Credit notes' };

/** The options page: sync settings, sites, matching, display, notifications, logs and the accounting search. */
export function OptionsApp({
  api = backgroundApi,
  prefs = defaultPreferences(),
  requestOrigins = async () => false,
  requestNotifications = async () => false,
  openCustomer = () => undefined,
}: {
  api?: BackgroundApi;
  prefs?: Preferences;
  requestOrigins?: (origins: string[]) => Promise<boolean>;
  requestNotifications?: () => Promise<boolean>;
  openCustomer?: (hit: CustomerHit) => void;
}) {
  const [status, setStatus] = useState<Status | null>(null);
  const [sites, setSites] = useState<Sites | null>(null);
  const [matching, setMatching] = useState<MatchingRules | null>(null);
  const [display, setDisplay] = useState<Display | null>(null);
  const [notifications, setNotifications] = useState<NotificationPrefs | null>(null);

  const refresh = useCallback(() => void api.getStatus().then(setStatus, () => undefined), [api]);
  useEffect(() => {
    refresh();
    void prefs.sites.get().then(setSites);
    void prefs.matching.get().then(setMatching);
    void prefs.display.get().then(setDisplay);
    void prefs.notifications.get().then(setNotifications);
  }, [refresh, prefs]);

  const saveSites = async (next: Sites) => {
    setSites(next);
    await prefs.sites.set(next);
  };
  const saveMatching = (next: MatchingRules) => {
    setMatching(next);
    void prefs.matching.set(next);
  };
  const saveDisplay = (next: Display) => {
    setDisplay(next);
    void prefs.display.set(next);
  };
  const saveNotifications = async (next: NotificationPrefs) => {
    // The permission is optional: ask for it from the click that turns notifications on.
    if (next.enabled && !notifications?.enabled && !(await requestNotifications())) return;
    setNotifications(next);
    await prefs.notifications.set(next);
  };

  return (
    <main className="ll-options">
      <h1>LedgerLens options</h1>
      {status && !status.paired && <p className="ll-error">Pair this browser from the toolbar button first.</p>}

      <section>
        <h2>Sync</h2>
        {status?.connections.length === 0 && <p className="ll-muted">No company connected.</p>}
        {status?.connections.map((c) => <SyncSettings key={c.id} connection={c} api={api} />)}
      </section>

      <section>
        <h2>Sites</h2>
        {sites && <SitesSettings sites={sites} onChange={saveSites} requestOrigins={requestOrigins} />}
      </section>

      <section>
        <h2>Matching</h2>
        {matching && <MatchingSettings rules={matching} onChange={saveMatching} />}
      </section>

      <section data-testid="display-settings">
        <h2>Display</h2>
        {display && (
          <>
            <label className="ll-field">
              Locale (empty = browser&apos;s)
              <input
                data-testid="display-locale"
                value={display.locale ?? ''}
                onChange={(e) => saveDisplay({ ...display, locale: e.target.value.trim() || null })}
              />
            </label>
            <label className="ll-check">
              <input
                data-testid="display-compact"
                type="checkbox"
                checked={display.compact}
                onChange={(e) => saveDisplay({ ...display, compact: e.target.checked })}
              />
              Compact panel
            </label>
            {PanelTabSchema.options.map((tab) => (
              <label key={tab} className="ll-check">
                <input
                  data-testid={`display-tab-${tab}`}
                  type="checkbox"
                  checked={display.tabs.includes(tab)}
                  onChange={(e) =>
                    saveDisplay({
                      ...display,
                      tabs: e.target.checked ? [...display.tabs, tab] : display.tabs.filter((t) => t !== tab),
                    })
                  }
                />
                {TAB_LABEL[tab]}
              </label>
            ))}
          </>
        )}
      </section>

      <section data-testid="notification-settings">
        <h2>Notifications</h2>
        {notifications && (
          <>
            <label className="ll-check">
              <input
                data-testid="notifications-enabled"
                type="checkbox"
                checked={notifications.enabled}
                onChange={(e) => void saveNotifications({ ...notifications, enabled: e.target.checked })}
              />
              Notify me about watched customers (watch them from the side panel)
            </label>
            <label className="ll-check">
              <input
                type="checkbox"
                checked={notifications.payments}
                onChange={(e) => void saveNotifications({ ...notifications, payments: e.target.checked })}
              />
              When they pay
            </label>
            <label className="ll-check">
              <input
                type="checkbox"
                checked={notifications.overdue}
                onChange={(e) => void saveNotifications({ ...notifications, overdue: e.target.checked })}
              />
              When an invoice becomes overdue
            </label>
          </>
        )}
      </section>

      <section>
        <h2>Accounting search</h2>
        <CustomerSearch api={api} onOpen={openCustomer} locale={display?.locale ?? null} />
      </section>

      <section>
        <h2>Sync log</h2>
        <SyncLog connections={status?.connections ?? []} api={api} />
      </section>

      <section>
        <h2>Sales log</h2>
        <SalesLog api={api} revision={status?.connections.length ?? 0} />
      </section>
    </main>
  );
}
