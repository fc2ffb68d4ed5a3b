/**
 * WebKitGTK for the browser tests, behind the part of Playwright's `Browser`, `BrowserContext`,
 * `Page` and `Locator` that the specs use. Playwright drives WebKit only through its own patched
 * build, which cannot be downloaded here, and Debian's WebKitWebDriver 2.50 has no WebDriver BiDi
 * (a session asking for `webSocketUrl` is refused), so this speaks classic WebDriver
 * (selenium-webdriver) to `/usr/bin/WebKitWebDriver`, which starts MiniBrowser in automation mode:
 *
 * - one Xvfb display per test worker (`xvfb-run`, kept open for the worker's life);
 * - one WebKitWebDriver + MiniBrowser session per browser context (the driver holds one session
 *   at a time; a session is an ephemeral profile, so contexts share no cookie or storage);
 * - one proxy per context ({@link startLoopbackProxy}): every host name leads to loopback, as in
 *   the other engines, and it gives plain-http pages their init scripts and `goto()` its response.
 *
 * What classic WebDriver cannot do (console events, going offline, frames, request routing, init
 * scripts on https pages) is not faked: calling it skips the test in WebKit, with the reason in
 * the report. `Page`
 * and `Locator` carry Playwright's `_apiName` and `_expect`, so `expect(page).toHaveURL()` and
 * `expect(locator).toHaveText()` and the like work on them unchanged.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { test } from '@playwright/test';
import { Builder, Capabilities, WebElement, type WebDriver } from 'selenium-webdriver';
import { startLoopbackProxy, type LoopbackProxy } from './loopback-proxy.ts';

const DRIVER = process.env.WEBKIT_WEBDRIVER_PATH || '/usr/bin/WebKitWebDriver';
const MINIBROWSER =
  process.env.MINIBROWSER_PATH || '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';
/** How long an action or a wait polls when the spec gives no timeout, in ms. */
const DEFAULT_TIMEOUT = 30_000;

/**
 * Stops the current test as skipped in WebKit, saying what classic WebDriver lacks; outside a test
 * (a benchmark), throws.
 */
function unsupported(what: string): never {
  const reason = `WebKitGTK over classic WebDriver has no ${what}`;
  try {
    test.info();
  } catch {
    throw new Error(reason);
  }
  test.skip(true, reason);
  throw new Error(reason);
}

/** Options of {@link WebKitBrowser.newContext} (Playwright's; only these mean something here). */
export interface WebKitContextOptions {
  ignoreHTTPSErrors?: boolean;
  baseURL?: string;
}

/** A running WebKitGTK "browser": a display and a proxy that its contexts share. */
export class WebKitBrowser {
  readonly _apiName = 'Browser';
  /** Read by Playwright's `context` fixture (headers of a remote browser): none here. */
  readonly _connection = {};
  private readonly open = new Set<WebKitContext>();

  constructor(private readonly display: { env: Record<string, string>; close(): void }) {}

  /** A new visitor: one WebKitWebDriver and MiniBrowser session with a fresh ephemeral profile. */
  async newContext(options: WebKitContextOptions = {}): Promise<WebKitContext> {
    // As Playwright's: a closed browser starts nothing (its display is gone; a session would
    // only fail after the driver's own timeouts).
    if (this.isClosed) throw new Error('browser.newContext: the WebKitGTK browser has been closed');
    const proxy = await startLoopbackProxy();
    const port = await freePort();
    const driverProcess = spawn(DRIVER, [`--port=${port}`, '--host=127.0.0.1'], {
      env: { ...process.env, ...this.display.env },
      stdio: 'ignore',
    });
    try {
      await waitForDriver(port, driverProcess);
      const driver = await new Builder()
        .usingServer(`http://127.0.0.1:${port}`)
        .withCapabilities(
          new Capabilities({
            browserName: 'MiniBrowser',
            acceptInsecureCerts: !!options.ignoreHTTPSErrors,
            'webkitgtk:browserOptions': { binary: MINIBROWSER, args: ['--automation'] },
            proxy: {
              proxyType: 'manual',
              httpProxy: proxy.address,
              sslProxy: proxy.address,
            },
          }),
        )
        .build();
      this.seenVersion ||= String((await driver.getCapabilities()).get('browserVersion'));
      const context = new WebKitContext(this, driver, driverProcess, proxy, options);
      if (this.isClosed) {
        // Closed while this session started: end it too.
        await context.close();
        throw new Error('browser.newContext: the WebKitGTK browser was closed meanwhile');
      }
      this.open.add(context);
      context.closed.then(() => this.open.delete(context));
      return context;
    } catch (error) {
      driverProcess.kill();
      await proxy.close();
      throw error;
    }
  }

  contexts(): WebKitContext[] {
    return [...this.open];
  }

  /** `MiniBrowser <WebKitGTK version>`, once a context has started (the session reports it). */
  version(): string {
    return `MiniBrowser ${this.seenVersion || '(version known once a context has started)'}`;
  }
  private seenVersion = '';
  private isClosed = false;

  async close(): Promise<void> {
    this.isClosed = true;
    await Promise.all([...this.open].map((context) => context.close()));
    this.display.close();
  }
}

/** One session: its pages are its windows, and share its cookies and storage. */
export class WebKitContext {
  readonly _apiName = 'BrowserContext';
  private readonly windows: WebKitPage[] = [];
  private queue: Promise<unknown> = Promise.resolve();
  private current = '';
  private ended?: Promise<void>;
  private endedResolve!: () => void;
  /** Settles when the context is closed. */
  readonly closed = new Promise<void>((resolve) => (this.endedResolve = resolve));

  constructor(
    private readonly owner: WebKitBrowser,
    private readonly driver: WebDriver,
    private readonly driverProcess: ChildProcess,
    /** @internal */ readonly _proxy: LoopbackProxy,
    readonly _options: WebKitContextOptions,
  ) {}

  /**
   * Runs one WebDriver exchange for a window, one at a time (a session has one current window).
   * @internal
   */
  _use<T>(handle: string, work: (driver: WebDriver) => Promise<T>): Promise<T> {
    const run = this.queue.then(async () => {
      if (handle && handle != this.current) {
        await this.driver.switchTo().window(handle);
        this.current = handle;
      }
      try {
        return await work(this.driver);
      } catch (error) {
        // Selenium's errors name no command: say which exchange failed.
        (error as Error).message +=
          ` (WebKit adapter: ${work.toString().replace(/\s+/g, ' ').slice(0, 100)})`;
        throw error;
      }
    });
    this.queue = run.catch(() => {});
    return run;
  }

  browser(): WebKitBrowser {
    return this.owner;
  }

  /** A page: the session's first window, then a new tab each. */
  async newPage(): Promise<WebKitPage> {
    const handle = await this._use('', async (driver) => {
      if (this.windows.length == 0) return driver.getWindowHandle();
      await driver.switchTo().newWindow('tab');
      return driver.getWindowHandle();
    });
    this.current = handle;
    const page = new WebKitPage(this, handle);
    this.windows.push(page);
    return page;
  }

  pages(): WebKitPage[] {
    return this.windows.filter((page) => !page.isClosed());
  }

  /**
   * The cookies, in Playwright's shape. Classic WebDriver only lists those of the page's current
   * URL (Playwright lists every domain's): a cookie of another host is not in the list.
   */
  async cookies(): Promise<
    {
      name: string;
      value: string;
      domain: string;
      path: string;
      expires: number;
      httpOnly: boolean;
      secure: boolean;
      sameSite: 'Strict' | 'Lax' | 'None';
    }[]
  > {
    const page = this.pages()[0];
    if (!page) return [];
    const cookies = await this._use(page._handle, (driver) => driver.manage().getCookies());
    return cookies.map((cookie) => ({
      name: cookie.name,
      value: cookie.value,
      domain: cookie.domain ?? '',
      path: cookie.path ?? '/',
      expires: typeof cookie.expiry == 'number' ? cookie.expiry : -1,
      httpOnly: !!cookie.httpOnly,
      secure: !!cookie.secure,
      sameSite: (cookie.sameSite as 'Strict' | 'Lax' | 'None' | undefined) ?? 'None',
    }));
  }

  async setOffline(): Promise<void> {
    unsupported('offline mode (context.setOffline)');
  }

  /** @internal The context's init scripts, for every page. */
  readonly _initScripts: string[] = [];

  /** Runs a script first in every plain-http document of every page (see {@link startLoopbackProxy}). */
  async addInitScript<A>(script: PageFunction<A, unknown>, arg?: A): Promise<void> {
    this._initScripts.push(initScriptSource(script, arg));
  }

  async route(): Promise<void> {
    unsupported('request routing (route)');
  }

  on(): this {
    return this;
  }

  async close(): Promise<void> {
    this.ended ??= (async () => {
      await this.driver.quit().catch(() => {});
      this.driverProcess.kill();
      await this._proxy.close();
      this.endedResolve();
    })();
    return this.ended;
  }
}

type PageFunction<A, R> = string | ((arg: A) => R | Promise<R>);
type UrlMatch = string | RegExp | ((url: URL) => boolean);

/** A window of a session. */
export class WebKitPage {
  readonly _apiName = 'Page';
  private closedFlag = false;

  constructor(
    private readonly owner: WebKitContext,
    /** @internal */ readonly _handle: string,
  ) {}

  private use<T>(work: (driver: WebDriver) => Promise<T>): Promise<T> {
    return this.owner._use(this._handle, work);
  }

  context(): WebKitContext {
    return this.owner;
  }

  isClosed(): boolean {
    return this.closedFlag;
  }

  /**
   * Loads a URL and waits for its `load` event (WebDriver's normal page load strategy); returns
   * its response's status and headers as the proxy saw them (null for https, a tunnel).
   */
  async goto(
    url: string,
  ): Promise<{ status(): number; headers(): Record<string, string>; ok(): boolean } | null> {
    const base = this.owner._options.baseURL;
    const href = new URL(url, base).href;
    // The proxy serves one list to every window: this page's, from its own navigations on (a
    // navigation another page starts meanwhile gets the same list).
    const scripts = [...this.owner._initScripts, ...this.initScripts];
    this.owner._proxy.initScripts.splice(0, Infinity, ...scripts);
    if (href.startsWith('https:') && scripts.length)
      unsupported('init scripts on https pages (the proxy only tunnels TLS)');
    await this.use((driver) => driver.get(href));
    await this.currentUrl();
    const seen = this.owner._proxy.responses.get(href);
    return seen
      ? { status: () => seen.status, headers: () => seen.headers, ok: () => seen.status < 400 }
      : null;
  }

  async reload(): Promise<null> {
    await this.use((driver) => driver.navigate().refresh());
    return null;
  }

  url(): string {
    return this.lastUrl;
  }
  private lastUrl = 'about:blank';

  private async currentUrl(): Promise<string> {
    this.lastUrl = await this.use((driver) => driver.getCurrentUrl());
    return this.lastUrl;
  }

  async title(): Promise<string> {
    return this.use((driver) => driver.getTitle());
  }

  async content(): Promise<string> {
    return this.use((driver) => driver.getPageSource());
  }

  /**
   * Runs a function in the page and returns its (awaited) result, as Playwright's `evaluate`:
   * the function travels as source text with one JSON argument.
   */
  async evaluate<R, A = undefined>(fn: PageFunction<A, R>, arg?: A): Promise<R> {
    const call = typeof fn == 'string' ? `(${fn})` : `${pageFunction(fn)}(arguments[0])`;
    // As JSON text, as Playwright's values: WebDriver would turn `undefined` (and an object's
    // undefined properties) into null.
    const script = `return Promise.resolve(${call}).then((value) => value === undefined ? '{"u":1}' : JSON.stringify({ v: value }));`;
    let result: { u?: 1; v?: R };
    try {
      result = JSON.parse(await this.use((driver) => driver.executeScript<string>(script, arg)));
    } catch (error) {
      throw new Error(`page.evaluate: ${(error as Error).message}`);
    }
    this.currentUrl().catch(() => {});
    return result.u ? (undefined as R) : (result.v as R);
  }

  /** Polls a function in the page until it returns a truthy value. */
  async waitForFunction<R, A = undefined>(
    fn: PageFunction<A, R>,
    arg?: A,
    options: { timeout?: number } = {},
  ): Promise<R> {
    let last: unknown;
    return poll(
      async () => {
        try {
          const value = await this.evaluate(fn, arg);
          return value ? { done: true, value } : { done: false };
        } catch (error) {
          // A page between two documents has no script to run yet: try again.
          last = error;
          return { done: false };
        }
      },
      options.timeout,
      () =>
        `waitForFunction: ${fn.toString().slice(0, 120)}${last ? ` (last error: ${last})` : ''}`,
    );
  }

  /** Waits until the page's URL matches (a string is an exact URL or a `*` glob). */
  async waitForURL(url: UrlMatch, options: { timeout?: number } = {}): Promise<void> {
    await poll(
      async () => ({ done: urlMatches(url, await this.currentUrl().catch(() => '')) }),
      options.timeout,
      () => `waitForURL ${url}: the page is at ${this.lastUrl}`,
    );
  }

  /** What `expect(page).toHaveURL()` calls. */
  mainFrame(): { waitForURL: WebKitPage['waitForURL'] } {
    return { waitForURL: (url, options) => this.waitForURL(url, options) };
  }

  locator(selector: string): WebKitLocator {
    return new WebKitLocator(this, [{ css: selector }]);
  }

  getByRole(role: string, options: RoleOptions = {}): WebKitLocator {
    return new WebKitLocator(this, [{ role, ...options }]);
  }

  getByLabel(label: string, options: { exact?: boolean } = {}): WebKitLocator {
    return new WebKitLocator(this, [{ label, exact: options.exact }]);
  }

  async click(selector: string, options: { timeout?: number } = {}): Promise<void> {
    await this.locator(selector).click(options);
  }

  async fill(selector: string, value: string, options: { timeout?: number } = {}): Promise<void> {
    await this.locator(selector).fill(value, options);
  }

  async textContent(selector: string): Promise<string | null> {
    return this.locator(selector).textContent();
  }

  /** @internal Runs a WebDriver exchange for this page. */
  _run<T>(work: (driver: WebDriver) => Promise<T>): Promise<T> {
    return this.use(work);
  }

  /** Console and page-error events: classic WebDriver reports neither; listeners never fire. */
  on(): this {
    return this;
  }

  frames(): never {
    return unsupported('access to frames (page.frames)');
  }

  /** This page's own init scripts, after its context's: they take effect from its next `goto()`. */
  async addInitScript<A>(script: PageFunction<A, unknown>, arg?: A): Promise<void> {
    this.initScripts.push(initScriptSource(script, arg));
  }
  private readonly initScripts: string[] = [];

  async route(): Promise<void> {
    unsupported('request routing (route)');
  }

  async close(): Promise<void> {
    if (this.closedFlag) return;
    this.closedFlag = true;
    const others = this.owner.pages().length;
    // The last window of a session cannot close without ending it: it leaves its page instead
    // (which is what closing does to the page: pagehide, then nothing).
    await this.use((driver) => (others ? driver.close() : driver.get('about:blank')));
  }
}

interface RoleOptions {
  name?: string | RegExp;
  exact?: boolean;
  level?: number;
}

/** One step of a locator, resolved in the page by {@link findElements}. */
type Step = { css: string } | ({ role: string } & RoleOptions) | { label: string; exact?: boolean };

/** A lazy query, as Playwright's: resolved again on every action and every `expect` poll. */
export class WebKitLocator {
  readonly _apiName = 'Locator';

  constructor(
    private readonly page: WebKitPage,
    private readonly steps: Step[],
  ) {}

  toString(): string {
    return `webkit-locator(${JSON.stringify(this.steps)})`;
  }

  locator(selector: string): WebKitLocator {
    return new WebKitLocator(this.page, [...this.steps, { css: selector }]);
  }

  getByRole(role: string, options: RoleOptions = {}): WebKitLocator {
    return new WebKitLocator(this.page, [...this.steps, { role, ...options }]);
  }

  getByLabel(label: string, options: { exact?: boolean } = {}): WebKitLocator {
    return new WebKitLocator(this.page, [...this.steps, { label, exact: options.exact }]);
  }

  private elements(): Promise<WebElement[]> {
    const steps = this.steps.map((step) =>
      'name' in step && step.name instanceof RegExp
        ? { ...step, name: undefined, nameRegex: [step.name.source, step.name.flags] }
        : step,
    );
    return this.page._run((driver) =>
      driver.executeScript(`return ${pageFunction(findElements)}(arguments[0])`, steps),
    );
  }

  async count(): Promise<number> {
    return (await this.elements()).length;
  }

  /** The one element the locator matches, waiting for it (more than one is an error, as in Playwright). */
  private async one(timeout?: number): Promise<WebElement> {
    return poll(
      async () => {
        const found = await this.elements();
        if (found.length > 1)
          throw new Error(`${this}: ${found.length} elements match (strict mode wants one)`);
        return found.length ? { done: true, value: found[0] } : { done: false };
      },
      timeout,
      () => `${this}: no element matches`,
    );
  }

  /** Clicks it (WebDriver's element click: scrolled into view, real pointer events), retrying while it cannot be clicked yet. */
  async click(options: { timeout?: number } = {}): Promise<void> {
    let last: unknown;
    await poll(
      async () => {
        try {
          const element = await this.one(options.timeout);
          await this.page._run(() => element.click());
          await this.page.waitForURL(() => true).catch(() => {});
          return { done: true };
        } catch (error) {
          if (/strict mode/.test(String(error))) throw error;
          last = error;
          return { done: false };
        }
      },
      options.timeout,
      () => `${this}: click failed: ${last}`,
    );
  }

  async fill(value: string, options: { timeout?: number } = {}): Promise<void> {
    const element = await this.one(options.timeout);
    await this.page._run(async () => {
      await element.clear();
      // fill('') empties, as in Playwright (WebDriver refuses to send no keys).
      if (value) await element.sendKeys(value);
    });
  }

  async textContent(): Promise<string | null> {
    const element = await this.one();
    return this.page._run((driver) =>
      driver.executeScript('return arguments[0].textContent', element),
    );
  }

  async getAttribute(name: string): Promise<string | null> {
    const element = await this.one();
    return this.page._run((driver) =>
      driver.executeScript('return arguments[0].getAttribute(arguments[1])', element, name),
    );
  }

  /**
   * What Playwright's locator assertions call: polls the expression until it matches (or, with
   * `isNot`, until it does not) or the timeout ends.
   * @internal
   */
  async _expect(
    expression: string,
    options: {
      isNot: boolean;
      timeout?: number;
      expectedText?: ExpectedText[];
      expectedNumber?: number;
      expressionArg?: string;
    },
  ): Promise<{
    matches: boolean;
    received?: { value: unknown };
    log: string[];
    timedOut?: boolean;
  }> {
    const deadline = Date.now() + (options.timeout || 5_000);
    let received: unknown;
    let matches = false;
    for (;;) {
      const elements = await this.elements().catch(() => [] as WebElement[]);
      const first = elements[0];
      const read = (script: string) =>
        first
          ? this.page._run((driver) => driver.executeScript(script, first, options.expressionArg))
          : Promise.resolve(null);
      switch (expression) {
        case 'to.have.count':
          received = elements.length;
          matches = received == options.expectedNumber;
          break;
        case 'to.have.text':
        case 'to.contain.text':
          received = await read('return arguments[0].textContent');
          matches = elements.length == 1 && textMatches(options.expectedText![0], received);
          break;
        case 'to.have.attribute.value':
          received = await read('return arguments[0].getAttribute(arguments[1])');
          matches = elements.length == 1 && textMatches(options.expectedText![0], received);
          break;
        case 'to.have.attribute':
          received = await read('return arguments[0].hasAttribute(arguments[1])');
          matches = received === true;
          break;
        case 'to.have.value':
          received = await read('return arguments[0].value');
          matches = elements.length == 1 && textMatches(options.expectedText![0], received);
          break;
        case 'to.be.visible':
        case 'to.be.hidden':
          received = await read(`return ${pageFunction(isVisible)}(arguments[0])`);
          matches = (received === true) == (expression == 'to.be.visible');
          break;
        case 'to.be.attached':
          matches = elements.length > 0;
          break;
        default:
          unsupported(`adapter for expect(locator) "${expression}"`);
      }
      if (matches != options.isNot) return { matches, received: { value: received }, log: [] };
      if (Date.now() > deadline)
        return { matches, received: { value: received }, log: [], timedOut: true };
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

interface ExpectedText {
  string?: string;
  regexSource?: string;
  regexFlags?: string;
  matchSubstring?: boolean;
  ignoreCase?: boolean;
  normalizeWhiteSpace?: boolean;
}

function initScriptSource<A>(script: PageFunction<A, unknown>, arg?: A): string {
  return typeof script == 'string' ? script : `${pageFunction(script)}(${JSON.stringify(arg)})`;
}

/**
 * A function's source as an expression the page can run, whatever compiled this file: tsx
 * (esbuild's `keepNames`, the benchmark) wraps named inner functions in a `__name(fn, "name")`
 * helper that exists in Node, not in the page, so each source gets its own `__name` that
 * returns the function (the name only matters to stack traces). Playwright's test runner
 * (Babel) adds no helper, so the specs passed while the same code under tsx threw "Can't find
 * variable: __name" on every locator.
 */
function pageFunction(fn: (...args: never[]) => unknown): string {
  return `((__name) => (${fn.toString()}))((target) => target)`;
}

function textMatches(expected: ExpectedText, received: unknown): boolean {
  if (typeof received != 'string') return false;
  let text = expected.normalizeWhiteSpace ? received.replace(/\s+/g, ' ').trim() : received;
  if (expected.regexSource != undefined)
    return new RegExp(expected.regexSource, expected.regexFlags).test(text);
  let wanted = expected.normalizeWhiteSpace
    ? expected.string!.replace(/\s+/g, ' ').trim()
    : expected.string!;
  if (expected.ignoreCase) [text, wanted] = [text.toLowerCase(), wanted.toLowerCase()];
  return expected.matchSubstring ? text.includes(wanted) : text == wanted;
}

function isVisible(element: Element): boolean {
  const style = getComputedStyle(element);
  return element.getClientRects().length > 0 && style.visibility != 'hidden';
}

/**
 * Runs in the page: the elements a locator's steps match (CSS, ARIA role with accessible name,
 * label text), each step within the previous step's matches. Names match as in Playwright: a
 * case-insensitive substring, or the whole name with `exact`.
 */
function findElements(steps: Record<string, unknown>[]): Element[] {
  const ROLES: Record<string, string> = {
    button: 'button, input[type=button], input[type=submit], input[type=reset], [role=button]',
    link: 'a[href], area[href], [role=link]',
    heading: 'h1, h2, h3, h4, h5, h6, [role=heading]',
    textbox:
      'input:not([type]), input[type=text], input[type=email], input[type=tel], input[type=url], input[type=search], textarea, [role=textbox]',
    checkbox: 'input[type=checkbox], [role=checkbox]',
  };
  const squash = (text: string | null | undefined) => (text || '').replace(/\s+/g, ' ').trim();
  const nameMatches = (name: string, step: Record<string, unknown>, wanted: unknown) => {
    if (step.nameRegex) {
      const [source, flags] = step.nameRegex as [string, string];
      return new RegExp(source, flags).test(name);
    }
    if (wanted == undefined) return true;
    return step.exact ? name == wanted : name.toLowerCase().includes(String(wanted).toLowerCase());
  };
  const accessibleName = (element: Element): string => {
    const label = element.getAttribute('aria-label');
    if (label) return squash(label);
    const by = element.getAttribute('aria-labelledby');
    if (by)
      return squash(
        by
          .split(/\s+/)
          .map((id) => document.getElementById(id)?.textContent)
          .join(' '),
      );
    if (element instanceof HTMLInputElement && /^(submit|button|reset)$/.test(element.type))
      return squash(element.value);
    const labels = (element as HTMLInputElement).labels;
    if (labels && labels.length) return squash([...labels].map((l) => l.textContent).join(' '));
    return squash(element.textContent);
  };
  const visible = (element: Element) =>
    element.getClientRects().length > 0 && getComputedStyle(element).visibility != 'hidden';
  let roots: (Document | Element)[] = [document];
  for (const step of steps) {
    const next = new Set<Element>();
    for (const root of roots) {
      if (typeof step.css == 'string') {
        root.querySelectorAll(step.css).forEach((element) => next.add(element));
      } else if (typeof step.role == 'string') {
        const selector = ROLES[step.role] || `[role=${step.role}]`;
        root.querySelectorAll(selector).forEach((element) => {
          if (!visible(element) || !nameMatches(accessibleName(element), step, step.name)) return;
          if (step.level != undefined) {
            const level =
              /^H(\d)$/.exec(element.tagName)?.[1] || element.getAttribute('aria-level');
            if (Number(level) != step.level) return;
          }
          next.add(element);
        });
      } else if (typeof step.label == 'string') {
        root.querySelectorAll('input, textarea, select, [aria-label]').forEach((element) => {
          const labels = [...((element as HTMLInputElement).labels || [])].map((label) =>
            squash(label.textContent),
          );
          const aria = element.getAttribute('aria-label');
          if (aria) labels.push(squash(aria));
          if (labels.some((label) => nameMatches(label, step, step.label))) next.add(element);
        });
      }
    }
    roots = [...next];
  }
  return roots as Element[];
}

function urlMatches(match: UrlMatch, url: string): boolean {
  if (!url) return false;
  if (typeof match == 'function') return match(new URL(url));
  if (match instanceof RegExp) return match.test(url);
  if (!match.includes('*')) return url == match;
  const pattern = match
    .split('**')
    .map((part) =>
      part
        .split('*')
        .map((text) => text.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
        .join('[^/]*'),
    )
    .join('.*');
  return new RegExp(`^${pattern}$`).test(url);
}

async function poll<T>(
  step: () => Promise<{ done: boolean; value?: T }>,
  timeout = DEFAULT_TIMEOUT,
  describe: () => string,
): Promise<T> {
  const deadline = Date.now() + (timeout || DEFAULT_TIMEOUT);
  for (;;) {
    const { done, value } = await step();
    if (done) return value as T;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeout} ms: ${describe()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function waitForDriver(port: number, driverProcess: ChildProcess): Promise<void> {
  let exited = false;
  driverProcess.once('exit', () => (exited = true));
  await poll(
    async () => {
      if (exited) throw new Error(`${DRIVER} exited at start (port ${port})`);
      const ready = await fetch(`http://127.0.0.1:${port}/status`).then(
        (response) => response.ok,
        () => false,
      );
      return { done: ready };
    },
    20_000,
    () => `${DRIVER} on port ${port} never answered /status`,
  );
}

/**
 * Starts one Xvfb display with `xvfb-run`, held open by a command that only prints the display's
 * address and sleeps; closing ends the whole process group.
 */
async function startDisplay(): Promise<{ env: Record<string, string>; close(): void }> {
  for (let attempt = 1; ; attempt++) {
    // Two workers starting at once would race for the same display number: each starts its
    // search somewhere else.
    const from = String(100 + Math.floor(Math.random() * 800));
    const holder = spawn(
      'xvfb-run',
      ['-n', from, '-a', 'sh', '-c', 'echo "$DISPLAY $XAUTHORITY"; exec sleep 2147483647'],
      { detached: true, stdio: ['ignore', 'pipe', 'ignore'] },
    );
    const line = await new Promise<string>((resolve) => {
      holder.stdout!.once('data', (data) => resolve(String(data).trim()));
      holder.once('exit', () => resolve(''));
    });
    const [DISPLAY, XAUTHORITY] = line.split(' ');
    if (DISPLAY)
      return {
        env: { DISPLAY, XAUTHORITY },
        close: () => {
          try {
            process.kill(-holder.pid!, 'SIGTERM');
          } catch {
            // Already gone.
          }
        },
      };
    if (attempt == 3) throw new Error('xvfb-run could not start a display (is xvfb installed?)');
  }
}

/**
 * Launches WebKitGTK for one test worker (or a benchmark): an Xvfb display and the loopback proxy.
 * Contexts (WebKitWebDriver + MiniBrowser sessions) start on demand.
 *
 * @returns A browser with Playwright's `newContext()` / `close()`.
 * @example
 * const browser = await launchWebKit();
 * const page = await (await browser.newContext()).newPage();
 * await page.goto('http://www.shop.test:8080/');
 * await browser.close();
 */
export async function launchWebKit(): Promise<WebKitBrowser> {
  return new WebKitBrowser(await startDisplay());
}
