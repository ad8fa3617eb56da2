import { describe, expect, it } from 'vitest';
import { createEventStream, createSseParser, type ServerEvent } from '../../../lib/background/event-stream';

describe('SSE parser', () => {
  it('parses events split across chunks, ignores comments, joins data lines', () => {
    const events: ServerEvent[] = [];
    const parse = createSseParser((e) => events.push(e));
    parse('retry: 5000\nevent: feed\nda');
    parse('ta: {"cursor":"9"}\n\n: heartbeat\n\n');
    parse('event: connections\r\ndata: a\r\ndata: b\r\n\r\n');
    expect(events).toEqual([
      { event: 'feed', data: '{"cursor":"9"}' },
      { event: 'connections', data: 'a\nb' },
    ]);
  });
});

describe('event stream', () => {
  it('sends the bearer token, delivers events and reconnects with backoff after a drop', async () => {
    const requests: { url: string; auth: string | null }[] = [];
    const delays: number[] = [];
    const timers: (() => void)[] = [];
    let calls = 0;
    const events: string[] = [];
    const stream = createEventStream({
      url: async () => ({ url: 'http://127.0.0.1:4000/v1/events', token: 'tok' }),
      onEvent: (e) => events.push(e.event),
      fetch: async (input, init) => {
        requests.push({ url: String(input), auth: new Headers(init?.headers).get('authorization') });
        calls += 1;
        if (calls === 1) throw new TypeError('refused');
        return new Response('event: feed\ndata: {}\n\n', { headers: { 'content-type': 'text/event-stream' } });
      },
      backoffMs: (attempt) => 100 * 2 ** attempt,
      setTimer: (fn, ms) => {
        delays.push(ms);
        timers.push(fn);
        return timers.length;
      },
      clearTimer: () => undefined,
    });
    stream.start();
    await new Promise((r) => setTimeout(r, 10));
    expect(delays).toEqual([100]);
    timers.shift()!();
    await new Promise((r) => setTimeout(r, 10));
    expect(events).toEqual(['feed']);
    // The stream ended after a healthy event: the backoff starts over.
    expect(delays).toEqual([100, 100]);
    expect(requests[0]).toEqual({ url: 'http://127.0.0.1:4000/v1/events', auth: 'Bearer tok' });
    stream.stop();
    expect(stream.running).toBe(false);
  });
});
