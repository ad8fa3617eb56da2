import { defineBackground } from 'wxt/utils/define-background';

export default defineBackground(() => {
  // Composed in later commits: feed sync, message handlers, alarms.
});
