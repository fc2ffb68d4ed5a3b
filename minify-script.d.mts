/** See minify-script.mjs. */
export function secondPass(code: string, ecma: number): Promise<string>;
