/** The slice of autocannon (no bundled types) that bench/lib/feed-load.ts uses. */
declare module 'autocannon' {
  import type { EventEmitter } from 'node:events';

  interface AutocannonRequest {
    method?: string;
    path?: string;
    headers?: Record<string, string>;
  }
  interface AutocannonOptions {
    url: string;
    connections?: number;
    duration?: number;
    headers?: Record<string, string>;
    requests?: AutocannonRequest[];
  }
  function autocannon(options: AutocannonOptions, done: (error: Error | null, result: unknown) => void): EventEmitter;
  export default autocannon;
}
