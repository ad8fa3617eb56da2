/** A person the demo CRM shows: the CRM-side view of a sandbox customer (no balances — those come from the books). */
export interface DemoContact {
  /** Record id in the demo CRM's URL. */
  id: string;
  name: string;
  emails: string[];
  companyName: string | null;
  phone: string | null;
  /** Where the customer lives in the books, shown on the index so a user knows what to expect. */
  source: string;
}
