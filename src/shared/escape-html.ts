/**
 * HTML escaping for the sandbox's pages.
 */

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/**
 * Escapes a value for HTML text or a quoted attribute. Every value from a request or the database
 * goes through this: lead fields are written by whoever can reach the sandbox.
 *
 * @param value - Anything; `null` and `undefined` become an empty string, others their `String()`.
 * @example
 * escapeHtml('<script>"x"</script>') // '&lt;script&gt;&quot;x&quot;&lt;/script&gt;'
 */
export function escapeHtml(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}
