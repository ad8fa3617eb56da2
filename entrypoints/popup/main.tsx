import { createRoot } from 'react-dom/client';
import { browser } from 'wxt/browser';
import { PopupApp } from '@/components/popup/popup-app';
import './style.css';

// A proxy elsewhere than loopback needs its origin granted at runtime (optional_host_permissions, api-facts.md §3).
const requestHostPermission = (origin: string) => browser.permissions.request({ origins: [`${origin}/*`] });

createRoot(document.getElementById('root')!).render(<PopupApp requestHostPermission={requestHostPermission} />);
