/** See statement-order.mjs. */
export function orderForGzip(code: string, map?: object): { code: string; map?: object };
