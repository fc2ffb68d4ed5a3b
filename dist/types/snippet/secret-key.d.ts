/**
 * The name of the first entry whose value (or any value inside it) looks like a secret PIMMS key.
 *
 * @param values - Config entries, e.g. a script tag's `dataset` or the options of `createPimms`.
 * @returns The entry's name, or `undefined` when none looks like a key.
 * @example
 * findSecretKey({ endpoint: '/api/pimms/lead', token: 'pimms_3kZ8...' }) // 'token'
 */
export declare function findSecretKey(values: object): string | undefined;
