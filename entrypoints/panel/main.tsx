import { createRoot } from 'react-dom/client';
import { PanelApp } from '@/components/panel/panel-app';
import { listenForContext, reportHeight } from '@/lib/panel/frame-client';
import './style.css';

// Unlisted page, embedded by the content script as an extension-origin iframe on CRM record pages.
const root = createRoot(document.getElementById('root')!);
listenForContext((context) => root.render(<PanelApp context={context} />));
reportHeight();
