// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ContentScriptContext } from 'wxt/utils/content-script-context';
import crmContentScript from '../../../entrypoints/crm.content/index';

afterEach(() => vi.restoreAllMocks());

describe('CRM content script entrypoint', () => {
  it('announces itself to older instances without a window.postMessage (bench P5: no structured clone per load)', () => {
    const posted = vi.spyOn(window, 'postMessage');
    // WXT builds the script's context with the definition's options (wxt/virtual/content-script-isolated-world-entrypoint).
    const ctx = new ContentScriptContext('crm', crmContentScript);
    expect(posted).not.toHaveBeenCalled();
    ctx.abort();
  });

  it('still stops an older instance of itself on the same page (the DOM event WXT sends instead)', () => {
    const older = new ContentScriptContext('crm', crmContentScript);
    const newer = new ContentScriptContext('crm', crmContentScript);
    expect(older.isInvalid).toBe(true);
    expect(newer.isValid).toBe(true);
    newer.abort();
  });
});
