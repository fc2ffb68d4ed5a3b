/**
 * Which values can be a PIMMS click id, for the snippet (URL and cookie) and the relay (the
 * landing request and the `pimms_id` cookie) alike.
 */
/**
 * Whether a value can be a PIMMS click id: 2 to 64 characters of the URL-safe nanoid alphabet
 * (`A-Z a-z 0-9 _ -`). PIMMS' own ids are 16-character nanoids; the bounds leave room for other
 * lengths while refusing PIMMS' script's URL placeholder `1`, template leftovers (`{clickId}`),
 * empty values and anything that would need escaping in a cookie.
 *
 * @example
 * isPlausibleClickId('aB3xQ9kLm2Zp7Wq1') // true
 * isPlausibleClickId('1') // false: the placeholder PIMMS' detection bundle puts in URLs
 */
export declare function isPlausibleClickId(value: unknown): value is string;
