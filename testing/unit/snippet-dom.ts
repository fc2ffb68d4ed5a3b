/**
 * Test helpers for snippet unit tests in vitest's jsdom environment: move the page to another URL
 * (jsdom keeps one cookie jar per site, and refuses cookies on public suffixes as browsers do).
 */

interface JsdomGlobal {
  jsdom: { reconfigure(options: { url: string }): void };
}

/**
 * Moves the test page to a URL, as if the visitor had landed there.
 *
 * @param url - An absolute URL.
 * @example
 * visit('https://www.shop.example/?pimms_id=cl_1')
 */
export function visit(url: string): void {
  (globalThis as unknown as JsdomGlobal).jsdom.reconfigure({ url });
}

/**
 * The attribute strings the page gave `document.cookie`, while `run` runs.
 *
 * @param run - Code that writes cookies.
 * @returns Every string assigned to `document.cookie`.
 * @example
 * cookieWrites(() => writeClickId('cl_1', 90))[0] // 'pimms_id=cl_1; path=/; expires=...; domain=shop.example; sameSite=Lax'
 */
export function cookieWrites(run: () => void): string[] {
  const writes: string[] = [];
  const descriptor = Object.getOwnPropertyDescriptor(Document.prototype, 'cookie')!;
  Object.defineProperty(document, 'cookie', {
    configurable: true,
    get: () => descriptor.get!.call(document),
    set: (value: string) => {
      writes.push(value);
      descriptor.set!.call(document, value);
    },
  });
  try {
    run();
  } finally {
    delete (document as unknown as Record<string, unknown>).cookie;
  }
  return writes;
}
