/**
 * Keeps the secret API key out of anything the relay says or logs.
 */
/** What the key is replaced with. */
export declare const REDACTED = "[redacted]";
/**
 * Removes every occurrence of a secret from a text.
 *
 * Upstream error bodies, SDK error messages (which quote the whole response body) and errors of an
 * injected `fetch` can all contain the key, so every such text passes through here before it is
 * logged or answered.
 *
 * @param text - Any text.
 * @param secret - The API key; nothing is replaced when it is empty.
 * @returns The text with the secret replaced by `[redacted]`.
 * @example
 * redact('invalid key pimms_abc', 'pimms_abc') // 'invalid key [redacted]'
 */
export declare function redact(text: string, secret: string | undefined): string;
