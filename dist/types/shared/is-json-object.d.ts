/**
 * The one check for "a JSON object" (not null, not an array), for the relay and the sandbox.
 */
/**
 * Whether a parsed JSON value is an object: not `null`, not an array, not a primitive.
 *
 * @example
 * isJsonObject(JSON.parse('{"a":1}')) // true
 * isJsonObject(JSON.parse('[1]')) // false
 */
export declare function isJsonObject(value: unknown): value is Record<string, unknown>;
