import type { SandboxClock } from './emulator.js';

/**
 * Retries failed webhook deliveries on the provider's schedule, measured on the sandbox clock and compressed
 * (`compression` sandbox-schedule seconds per real second), so a test can either wait briefly or advance the clock
 * (POST /__sandbox/clock) to make the next attempt due. QBO retries after 0 s, 10 s, 20 s, 30 s, 5 m, 20 m, 2 h,
 * 4 h, 6 h, then every 6 h (api-facts.md "Webhooks"); Xero "at decreasing frequency for up to 24 h".
 * A delivery never blocks the request that caused the change.
 */
export const QBO_RETRY_SCHEDULE_S = [0, 10, 20, 30, 300, 1200, 7200, 14_400, 21_600];
export const QBO_RETRY_EVERY_S = 21_600;
/**
 * Xero publishes no exact times, only "at decreasing frequency for up to 24 h, then the webhook is disabled"
 * (api-facts.md, Xero Webhooks): the sandbox backs off from 10 s to 4 h, then every 6 h, and gives up after a day.
 */
export const XERO_RETRY_SCHEDULE_S = [10, 30, 60, 300, 900, 1800, 3600, 7200, 14_400];
export const XERO_RETRY_EVERY_S = 21_600;
/** How long the sandbox keeps retrying one delivery (sandbox time): a day, as Xero, then it gives up. */
export const RETRY_GIVE_UP_S = 86_400;

export interface RetryOptions {
  clock: SandboxClock;
  schedule?: readonly number[];
  repeatEvery?: number;
  /** Divides the waits; 1 = real schedule. Default 1000 (10 s → 10 ms, 6 h → 21.6 s). */
  compression?: number;
  tickMs?: number;
}

interface Pending {
  attempt: () => Promise<boolean>;
  onGiveUp: (() => void) | undefined;
  failures: number;
  firstAt: number;
  dueAt: number;
}

export interface RetryQueue {
  /** Tries now; on failure schedules retries; `onGiveUp` runs when a day of retries has failed (Xero disables the webhook). */
  deliver(attempt: () => Promise<boolean>, onGiveUp?: () => void): Promise<void>;
  pending(): number;
  clear(): void;
  /** Runs every retry that is due on the sandbox clock (the ticker calls it; tests may too). */
  tick(): Promise<void>;
}

export function createRetryQueue(options: RetryOptions): RetryQueue {
  const schedule = options.schedule ?? QBO_RETRY_SCHEDULE_S;
  const repeatEvery = options.repeatEvery ?? QBO_RETRY_EVERY_S;
  const compression = options.compression ?? 1000;
  let queue: Pending[] = [];
  let timer: NodeJS.Timeout | undefined;
  let ticking = false;

  const waitMs = (failures: number): number => ((schedule[failures - 1] ?? repeatEvery) * 1000) / compression;
  const schedule1 = (item: Pending): void => {
    item.failures += 1;
    const now = options.clock.now();
    if ((now - item.firstAt) * compression > RETRY_GIVE_UP_S * 1000) {
      item.onGiveUp?.();
      return;
    }
    item.dueAt = now + waitMs(item.failures);
    queue.push(item);
    timer ??= setInterval(() => void tick(), options.tickMs ?? 20);
    timer.unref();
  };
  const tick = async (): Promise<void> => {
    if (ticking) return;
    ticking = true;
    try {
      const now = options.clock.now();
      const due = queue.filter((item) => item.dueAt <= now);
      queue = queue.filter((item) => item.dueAt > now);
      for (const item of due) {
        const ok = await item.attempt().catch(() => false);
        if (!ok) schedule1(item);
      }
      if (queue.length === 0 && timer !== undefined) {
        clearInterval(timer);
        timer = undefined;
      }
    } finally {
      ticking = false;
    }
  };
  return {
    deliver: async (attempt, onGiveUp) => {
      const ok = await attempt().catch(() => false);
      if (!ok) schedule1({ attempt, onGiveUp, failures: 0, firstAt: options.clock.now(), dueAt: 0 });
    },
    pending: () => queue.length,
    clear: () => {
      queue = [];
      if (timer !== undefined) clearInterval(timer);
      timer = undefined;
    },
    tick,
  };
}
