/**
 * Reads the relay's settings from the environment without assuming Node.
 */

/**
 * The value of an environment variable, or `undefined` when it is unset, blank or unreadable.
 *
 * Goes through `globalThis.process?.env` so the relay loads on Cloudflare Workers (no `process`
 * without nodejs_compat) and Deno (where reading the environment without `--allow-env` throws).
 *
 * @param name - The variable, e.g. `PIMMS_API_KEY`.
 * @returns The trimmed value, or `undefined`.
 * @example
 * readEnv('PIMMS_API_URL') ?? 'https://api.pimms.io'
 */
export function readEnv(name: string): string | undefined {
  try {
    const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process
      ?.env;
    return env?.[name]?.trim() || undefined;
  } catch {
    return undefined;
  }
}
