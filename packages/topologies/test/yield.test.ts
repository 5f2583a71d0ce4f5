import { describe, expect, it } from 'vitest';
import { yieldToEventLoop } from '../src/train/yield.js';

describe('yieldToEventLoop', () => {
  it('lets a pending event in and resumes, with setImmediate and, as in browsers, without it', async () => {
    const saved = globalThis.setImmediate;
    for (const withImmediate of [true, false]) {
      if (!withImmediate) (globalThis as { setImmediate?: unknown }).setImmediate = undefined;
      try {
        const order: string[] = [];
        const channel = new MessageChannel();
        channel.port1.onmessage = () => order.push('message');
        channel.port2.postMessage(0);
        await yieldToEventLoop();
        await yieldToEventLoop();
        order.push('resumed');
        channel.port1.close();
        expect(order).toEqual(['message', 'resumed']);
      } finally {
        globalThis.setImmediate = saved;
      }
    }
  });
});
