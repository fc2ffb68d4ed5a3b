/**
 * Recognises a secret PIMMS key where a page would leak it.
 *
 * PIMMS keys, like those of Dub (whose API PIMMS follows), are a product prefix, an underscore and
 * a long random part. A publishable key (`..._pk_...`), meant for browsers, passes; so does the
 * `pimms_id` cookie's name.
 */
const SECRET_KEY = /\b(pimms|dub)_(?!pk_|id\b)\w{16}/;

/**
 * The name of the first entry whose value (or any value inside it) looks like a secret PIMMS key.
 *
 * @param values - Config entries, e.g. a script tag's `dataset` or the options of `createPimms`.
 * @returns The entry's name, or `undefined` when none looks like a key.
 * @example
 * findSecretKey({ endpoint: '/api/pimms/lead', token: 'pimms_3kZ8...' }) // 'token'
 */
export function findSecretKey(values: object): string | undefined {
  for (const name in values)
    if (SECRET_KEY.test(JSON.stringify(values[name as keyof object]))) return name;
}
