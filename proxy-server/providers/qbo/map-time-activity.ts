import { z } from 'zod';
import { ProviderError } from '../provider-client';
import { ProviderRejection, type CreatedTimeActivity, type TimeActivityDraft } from '../provider-writes';

/**
 * QBO TimeActivity (api-facts.md §1 TimeActivity; samples/TimeActivity_query_sandbox_response.json): NameOf with the
 * matching EmployeeRef/VendorRef, CustomerRef, TxnDate, Hours+Minutes or StartTime/EndTime, BillableStatus, ItemRef,
 * HourlyRate, Description.
 */
export function qboTimeActivityBody(draft: TimeActivityDraft): Record<string, unknown> {
  const employee = draft.party.type === 'employee';
  const body: Record<string, unknown> = {
    NameOf: employee ? 'Employee' : 'Vendor',
    [employee ? 'EmployeeRef' : 'VendorRef']: { value: draft.party.id },
    CustomerRef: { value: draft.customerId },
    TxnDate: draft.date,
    BillableStatus: draft.billable ? 'Billable' : 'NotBillable',
  };
  if (draft.startTime && draft.endTime) {
    body.StartTime = draft.startTime;
    body.EndTime = draft.endTime;
  } else {
    body.Hours = draft.hours ?? 0;
    body.Minutes = draft.minutes ?? 0;
  }
  if (draft.itemId) body.ItemRef = { value: draft.itemId };
  // A rate only means something on billable time; QBO ignores it otherwise, we do not send it.
  if (draft.billable && draft.hourlyRate) body.HourlyRate = Number(draft.hourlyRate);
  if (draft.description) body.Description = draft.description;
  return body;
}

/** Preferences.OtherPrefs.NameValue[TimeTrackingFeatureEnabled]: false only when QBO says so explicitly. */
export function timeTrackingDisabled(preferences: unknown): boolean {
  const prefs = (preferences as { Preferences?: { OtherPrefs?: { NameValue?: unknown } } } | null)?.Preferences;
  const pairs = Array.isArray(prefs?.OtherPrefs?.NameValue) ? (prefs.OtherPrefs.NameValue as { Name?: unknown; Value?: unknown }[]) : [];
  const flag = pairs.find((p) => p.Name === 'TimeTrackingFeatureEnabled');
  return flag !== undefined && String(flag.Value).toLowerCase() === 'false';
}

export const timeTrackingOff = () =>
  new ProviderRejection(
  'Time tracking is switched off in this QuickBooks company (Settings → Account and settings → Time). Turn it on, then log the time again.',
  'feature_disabled',
  null,
);

const QboTimeActivity = z
  .object({
    Id: z.string(),
    TxnDate: z.string(),
    CustomerRef: z.object({ value: z.string() }).loose().optional(),
    BillableStatus: z.string().optional(),
    Hours: z.number().optional(),
    Minutes: z.number().optional(),
    StartTime: z.string().optional(),
    EndTime: z.string().optional(),
    BreakHours: z.number().optional(),
    BreakMinutes: z.number().optional(),
    Description: z.string().optional(),
  })
  .loose();

export function mapCreatedTimeActivity(raw: unknown, draft: TimeActivityDraft): CreatedTimeActivity {
  const parsed = QboTimeActivity.safeParse(raw);
  if (!parsed.success) throw new ProviderError('malformed_response', 'QuickBooks sent an unexpected time activity response.');
  const t = parsed.data;
  let hours = t.Hours;
  let minutes = t.Minutes;
  if (hours === undefined && t.StartTime && t.EndTime) {
    const breakMinutes = (t.BreakHours ?? 0) * 60 + (t.BreakMinutes ?? 0);
    const total = Math.max(0, Math.round((Date.parse(t.EndTime) - Date.parse(t.StartTime)) / 60_000) - breakMinutes);
    hours = Math.floor(total / 60);
    minutes = total % 60;
  }
  return {
    id: t.Id,
    customerId: t.CustomerRef?.value ?? draft.customerId,
    date: t.TxnDate,
    hours: hours ?? 0,
    minutes: minutes ?? 0,
    billable: (t.BillableStatus ?? (draft.billable ? 'Billable' : 'NotBillable')) !== 'NotBillable',
    description: t.Description ?? null,
  };
}
