import { HostLimiter } from '../../../src/registry/transport/limiter';

describe('HostLimiter', () => {
  test('caps requests in flight per host and hands slots over in order', async () => {
    const limiter = new HostLimiter(2);
    const a = await limiter.acquire('h');
    const b = await limiter.acquire('h');
    const order: string[] = [];
    const c = limiter.acquire('h').then((release) => { order.push('c'); return release; });
    const d = limiter.acquire('h').then((release) => { order.push('d'); return release; });
    const other = await limiter.acquire('other');
    await Promise.resolve();
    expect(order).toEqual([]);
    expect(limiter.inFlight('h')).toBe(2);
    a();
    a();
    (await c)();
    b();
    (await d)();
    other();
    expect(order).toEqual(['c', 'd']);
    expect(limiter.inFlight('h')).toBe(0);
  });
});
