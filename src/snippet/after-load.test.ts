// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { IDLE_TIMEOUT_MS, whenLoadedAndIdle } from './after-load.ts';

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});
const task = () => new Promise((resolve) => setTimeout(resolve));

describe('whenLoadedAndIdle', () => {
  it('waits for the load event while the page is loading', async () => {
    vi.spyOn(document, 'readyState', 'get').mockReturnValue('loading');
    const run = vi.fn();
    whenLoadedAndIdle(run);
    await task();
    expect(run).not.toHaveBeenCalled();
    dispatchEvent(new Event('load'));
    await task();
    expect(run).toHaveBeenCalledTimes(1);
  });

  it('asks for an idle period, with a timeout, where the browser has requestIdleCallback', () => {
    const idle = vi.fn();
    vi.stubGlobal('requestIdleCallback', idle);
    const run = () => {};
    whenLoadedAndIdle(run);
    expect(idle).toHaveBeenCalledWith(run, { timeout: IDLE_TIMEOUT_MS });
  });

  it('runs in a task of its own where there is none, once the page has loaded', async () => {
    expect(document.readyState).toBe('complete');
    expect(self.requestIdleCallback).toBeUndefined();
    const run = vi.fn();
    whenLoadedAndIdle(run);
    expect(run).not.toHaveBeenCalled();
    await task();
    expect(run).toHaveBeenCalledTimes(1);
  });
});
