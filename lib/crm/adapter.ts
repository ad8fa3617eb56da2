import type { RecordContext } from '../model';

/**
 * One CRM's knowledge, kept as data next to the pages it must match (refined-github style: one adapter per file,
 * registered in registry.ts). The content script asks each enabled adapter, cheapest question first:
 * matchUrl (URL only, runs on every navigation) → read (DOM, runs when the page settles) → anchor (where to mount).
 */
export interface RecordRoute {
  /** Person or company record. */
  kind: RecordContext['kind'];
  /** The CRM's object name as it appears in the URL (e.g. "0-1", "Contact", "person"). */
  object: string;
  /** The CRM's record id from the URL. */
  id: string;
  /** Portal, org or workspace that scopes the id (keeps record keys unique across tenants). */
  tenant: string;
}

export interface CrmAdapter {
  /** Short stable id, used in record keys and settings: "hubspot", "salesforce", … */
  readonly id: string;
  /** Name shown to users (options page, README). */
  readonly label: string;
  /** WebExtension match patterns for the pages this adapter handles (ports are ignored by match patterns). */
  readonly matches: readonly string[];
  /** Recognises a record page from its URL alone; null on every other page of the CRM. */
  matchUrl(url: URL): RecordRoute | null;
  /**
   * Reads the record from the rendered page (including open shadow roots where the CRM uses them). Returns null
   * while the record's content has not rendered yet; the caller retries on DOM mutations.
   */
  read(doc: Document, route: RecordRoute, url: URL): RecordContext | null;
  /** The element the panel is mounted after/inside; null lets the caller float the panel. */
  anchor(doc: Document): Element | null;
}
