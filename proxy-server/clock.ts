/** Injected time, so expiry (pairing codes, OAuth states, access tokens) is testable without waiting. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };
