/**
 * Applies the webhook fault kinds (POST /__sandbox/faults): 'webhook-duplicate' sends each of the next N deliveries
 * twice; 'webhook-out-of-order' holds the next N deliveries and then sends them newest first. Receivers must be
 * idempotent and must not trust arrival order (QBO: "Later events may be held back", api-facts.md "Webhooks"; Xero
 * numbers events with firstEventSequence/lastEventSequence for this reason).
 */
export type WebhookFaultKind = 'webhook-duplicate' | 'webhook-out-of-order';

export interface WebhookFaultSource {
  /** Takes one unit of a pending webhook fault for the provider: its kind and whether it was the last one. */
  takeWebhookFault(provider: string): { kind: WebhookFaultKind; last: boolean } | undefined;
}

export type Deliver = () => Promise<void>;

export interface WebhookShaper {
  /** Runs `deliver` now, twice, or later (held), as the pending faults say. Never blocks the caller. */
  submit(deliver: Deliver): void;
  /** Sends anything held (a reset or DELETE /__sandbox/faults must not lose deliveries). */
  release(): void;
  /** Resolves when every delivery started so far has finished. */
  idle(): Promise<void>;
}

export function createWebhookShaper(provider: string, source: () => WebhookFaultSource | undefined): WebhookShaper {
  let held: Deliver[] = [];
  let inFlight: Promise<void>[] = [];
  const run = (deliver: Deliver): void => {
    inFlight.push(deliver().catch(() => undefined));
  };
  const release = (): void => {
    const batch = held.reverse();
    held = [];
    // Sequential, newest first, so the receiver really sees them in reverse.
    inFlight.push(batch.reduce<Promise<void>>((chain, deliver) => chain.then(() => deliver().catch(() => undefined)), Promise.resolve()));
  };
  return {
    submit: (deliver) => {
      const fault = source()?.takeWebhookFault(provider);
      if (fault === undefined) return run(deliver);
      if (fault.kind === 'webhook-duplicate') {
        inFlight.push(deliver().catch(() => undefined).then(() => deliver().catch(() => undefined)));
        return;
      }
      held.push(deliver);
      if (fault.last) release();
    },
    release: () => {
      if (held.length > 0) release();
    },
    idle: async () => {
      while (inFlight.length > 0) {
        const current = inFlight;
        inFlight = [];
        await Promise.all(current);
      }
    },
  };
}
