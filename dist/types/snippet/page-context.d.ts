/**
 * What the page tells about a lead, for its `metadata`: the path, the title, where the visitor
 * came from and the UTM parameters. No other query parameter and no fragment is taken: they may
 * carry tokens or e-mail addresses.
 *
 * @returns e.g. `{ path: '/signup', title: 'Sign up', referrer: 'https://news.example/post', utm_source: 'newsletter' }`
 * @example
 * Object.assign(pageContext(), fields.metadata)
 */
export declare function pageContext(): Record<string, string>;
