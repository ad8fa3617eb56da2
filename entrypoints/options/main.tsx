import { createRoot } from 'react-dom/client';
import { browser } from 'wxt/browser';
import { OptionsApp } from '@/components/options/options-app';
import { sendMessage } from '@/lib/messaging';
import '@/components/shared/pages.css';

// Both requests must run inside the click that asks (a user gesture), so they are passed down, not awaited earlier.
const requestOrigins = (origins: string[]) => browser.permissions.request({ origins });
const requestNotifications = () => browser.permissions.request({ permissions: ['notifications'] });
// Opening a customer from search focuses it in the side panel (this click is the gesture sidePanel.open needs).
const openCustomer = (hit: { key: string }) => void sendMessage('openSidePanel', { customerKey: hit.key });

createRoot(document.getElementById('root')!).render(
  <OptionsApp requestOrigins={requestOrigins} requestNotifications={requestNotifications} openCustomer={openCustomer} />,
);
