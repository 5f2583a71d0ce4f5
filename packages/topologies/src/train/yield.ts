/**
 * Lets timers, progress output, messages and an abort reach a long loop between its steps, as
 * soon as possible: setImmediate where the host has it (Node); else a MessageChannel round trip
 * (browsers and workers), since setTimeout(0) is clamped to 4 ms once nested — most of a small
 * model's step; setTimeout only where neither exists.
 */
export function yieldToEventLoop(): Promise<void> {
  const immediate = (globalThis as { setImmediate?: (fn: () => void) => void }).setImmediate;
  if (immediate) return new Promise((resolve) => immediate(resolve));
  if (typeof MessageChannel === 'function') {
    return new Promise((resolve) => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => {
        channel.port1.close();
        resolve();
      };
      channel.port2.postMessage(0);
    });
  }
  return new Promise((resolve) => setTimeout(resolve, 0));
}
