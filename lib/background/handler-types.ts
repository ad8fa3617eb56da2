export type { CustomerDetail, Handlers, Pickables, SyncLog, TabCustomer } from '../messaging';
export type { SalesLogRow } from '../db/rows';
