/**
 * What the page tells about a lead, for its `metadata`: the path, the title, where the visitor
 * came from and the UTM parameters. No other query parameter and no fragment is taken: they may
 * carry tokens or e-mail addresses.
 *
 * @returns e.g. `{ path: '/signup', title: 'Sign up', referrer: 'https://news.example/post', utm_source: 'newsletter' }`
 * @example
 * Object.assign(pageContext(), fields.metadata)
 */
export function pageContext(): Record<string, string> {
  const context: Record<string, string> = { path: location.pathname, title: document.title };
  // The referrer's query and fragment are cut for the same reason as the page's own.
  const referrer = document.referrer.split(/[?#]/)[0];
  if (referrer) context.referrer = referrer;
  new URLSearchParams(location.search).forEach((value, key) => {
    if (!key.indexOf('utm_')) context[key] = value;
  });
  return context;
}
