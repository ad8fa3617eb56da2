import { createRoot } from 'react-dom/client';
import { PanelApp } from '@/components/panel/panel-app';
import { listenForClaim, reportHeight } from '@/lib/panel/frame-client';
import './style.css';

// Unlisted page, embedded by the content script as an extension-origin iframe on CRM record pages. Its record and
// first answer come from the background, redeemed with the token the content script posts (frame-client.ts).
const root = createRoot(document.getElementById('root')!);
listenForClaim(({ context, result, companies }) => root.render(<PanelApp context={context} initial={{ result, companies }} />));
reportHeight();
