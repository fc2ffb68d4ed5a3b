import type { Pimms } from './pimms-api.ts';

/** What `window.pimms` may be before the snippet runs: nothing, the stub, or the loaded snippet. */
interface PimmsGlobal {
  pimms?: Partial<Pimms> & {
    q?: [method: string, args: unknown[], resolve: (value: unknown) => void][];
  };
}

/**
 * Puts the snippet in place of the stub, then replays the stub's queued calls in order, each
 * resolving the promise its caller holds. When the snippet is already loaded (the script tag twice,
 * or two copies), nothing changes: the first instance stays, with its listeners and its config.
 *
 * @param global - The window.
 * @param create - Makes the API (called only when the snippet is not loaded yet).
 * @returns The API in place.
 * @example
 * installPimms(window, () => createPimms(readScriptOptions(document.currentScript)))
 */
export function installPimms(global: PimmsGlobal, create: () => Pimms): Pimms {
  const stub = global.pimms;
  if (stub && stub.loaded) return stub as Pimms;
  const api = (global.pimms = create());
  for (const [method, args, resolve] of (stub && stub.q) || []) {
    const call = (api as unknown as Record<string, (...args: unknown[]) => unknown>)[method];
    resolve(call && call.apply(api, args));
  }
  return api;
}
