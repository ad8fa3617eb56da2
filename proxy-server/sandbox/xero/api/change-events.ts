/** A change the webhook sender reports (Xero webhooks cover CONTACT and INVOICE, CREATE and UPDATE only). */
export interface ChangeEvent {
  tenantId: string;
  category: 'CONTACT' | 'INVOICE';
  type: 'CREATE' | 'UPDATE';
  resourceId: string;
  at: number;
}

export type EmitChange = (event: ChangeEvent) => void;
