/**
 * A random id of about 25 characters from [0-9a-z], for event ids and visitor ids.
 *
 * Uses `crypto.getRandomValues`, which (unlike `crypto.randomUUID`) is available on plain-http
 * pages too: https://developer.mozilla.org/docs/Web/API/Crypto/randomUUID#browser_compatibility
 *
 * @returns e.g. `'1kq8z0x3m2r4v9a7s5p6w1c0d'`
 * @example
 * const eventId = randomId()
 */
export function randomId(): string {
  return Array.from(crypto.getRandomValues(new Uint32Array(4)), (n) => n.toString(36)).join('');
}
