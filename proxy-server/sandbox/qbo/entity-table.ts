/**
 * Rows of one QBO entity type in id order plus an id index. The entities added after Customer/Invoice/Payment
 * (Vendor, Employee, Item, Estimate, CreditMemo, SalesReceipt, TimeActivity, TaxCode) all live in one of these.
 */
export class EntityTable<Row extends { id: string }> {
  readonly rows: Row[] = [];
  private readonly byId = new Map<string, Row>();

  add(row: Row): void {
    this.rows.push(row);
    this.byId.set(row.id, row);
  }

  get(id: string): Row | undefined {
    return this.byId.get(id);
  }

  get size(): number {
    return this.rows.length;
  }
}
