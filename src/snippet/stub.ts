/**
 * The paste-in stub: one line in the page's `<head>`, before the snippet loads. It defines
 * `window.pimms.lead()` (and `consent()`, `flush()`) at once; each call is queued, with the resolver
 * of the promise it returned, and the real snippet replays the queue in order when it loads (see
 * install.ts), so every early call still gets its result. Where the snippet is already loaded the
 * stub changes nothing.
 *
 * Built to dist/stub.js (minified, one line), which the README shows.
 *
 * @example
 * // <script>…dist/stub.js…</script>
 * pimms.lead('Sign up').then((result) => console.log(result.status))
 */
((w: { pimms?: Record<string, unknown> & { q?: unknown[] } }) => {
  const pimms = (w.pimms = w.pimms || { q: [] });
  ['lead', 'consent', 'flush'].forEach((method) => {
    pimms[method] =
      pimms[method] ||
      function () {
        // eslint-disable-next-line prefer-rest-params
        const args = arguments;
        return new Promise((resolve) => pimms.q!.push([method, args, resolve]));
      };
  });
})(window as never);
