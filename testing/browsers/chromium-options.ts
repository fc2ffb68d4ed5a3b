/**
 * How the browser tests and the benchmarks start Chromium: Debian's build (Playwright cannot
 * download its own here; `CHROMIUM_PATH` to use another), with the flags this machine needs.
 */
export const CHROMIUM_LAUNCH_OPTIONS = {
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    // Without these, Chromium's own connections are refused by the closed network, many at a time.
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    // Names the tests use (www.shop.test, my-app.vercel.app, ...) all lead to loopback.
    '--host-resolver-rules=MAP *.test 127.0.0.1, MAP *.vercel.app 127.0.0.1',
  ],
};
