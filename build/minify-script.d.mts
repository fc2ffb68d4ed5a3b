/** See minify-script.mjs. */
export function secondPass(
  code: string,
  ecma: number,
  sourceMap?: string,
): Promise<{ code: string; map?: object }>;
