import { createRoot } from 'react-dom/client';
import { SidePanelApp } from '@/components/sidepanel/sidepanel-app';
import { subscribeToSidePanelChanges } from '@/lib/background/side-panel-events';
import '@/components/shared/pages.css';

createRoot(document.getElementById('root')!).render(<SidePanelApp subscribe={subscribeToSidePanelChanges} />);
