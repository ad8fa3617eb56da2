import { createRoot } from 'react-dom/client';
import { browser } from 'wxt/browser';
import { PopupApp } from '@/components/popup/popup-app';
import { sendMessage } from '@/lib/messaging';
import './style.css';

// A proxy elsewhere than loopback needs its origin granted at runtime (optional_host_permissions, api-facts.md §3).
const requestHostPermission = (origin: string) => browser.permissions.request({ origins: [`${origin}/*`] });

const openOptions = () => void browser.runtime.openOptionsPage();
// The popup's click is a user gesture, which sidePanel.open requires; the background opens it on the active tab.
const openSidePanel = () => void sendMessage('openSidePanel', { customerKey: null }).then(() => window.close());

createRoot(document.getElementById('root')!).render(
  <PopupApp requestHostPermission={requestHostPermission} openOptions={openOptions} openSidePanel={openSidePanel} />,
);
