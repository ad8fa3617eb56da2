/** A change to a QBO entity, as webhooks announce it (api-facts.md "Webhooks": Create/Update/Delete/Merge/Void). */
export interface QboChange {
  realmId: string;
  /** Canonical QBO entity name (Customer, Invoice, Estimate, TimeActivity, …). */
  entity: string;
  id: string;
  operation: 'Create' | 'Update' | 'Delete' | 'Void' | 'Merge';
  at: number;
}

export type QboChangeListener = (change: QboChange) => void;
