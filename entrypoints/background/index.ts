import { defineBackground } from 'wxt/utils/define-background';
import { openLedgerDb } from '@/lib/db/schema';
import { startBackground } from '@/lib/background/wire';

export default defineBackground(() => {
  startBackground(openLedgerDb());
});
