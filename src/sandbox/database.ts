/**
 * The sandbox's SQLite storage: short links, the clicks they recorded, and the leads tracked
 * against those clicks. Everything the routes read or write goes through here.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';

/**
 * A lead as the sandbox stored it, after the API's validation (`clickId`, `eventName` and
 * `externalId` trimmed; the customer fields as sent; lone UTF-16 surrogates in the string fields
 * replaced by U+FFFD, see {@link wellFormed}).
 *
 * @example
 * { id: 'ld_x1…', clickId: 'Q2…', linkKey: 'demo', eventName: 'Sign up', externalId: 'user_42',
 *   customerName: 'Ada', customerEmail: 'ada@example.com', customerAvatar: null,
 *   metadata: { plan: 'pro' }, createdAt: '2025-01-31T10:00:00.000Z' }
 */
export interface SandboxLead {
  /** The sandbox's own id for the row, `ld_` + 16 random characters (PIMMS never shows it). */
  id: string;
  /** The click the lead is attributed to (the `pimms_id` it was sent with). */
  clickId: string;
  /** The key of the short link that recorded that click (`/go/<linkKey>`). */
  linkKey: string;
  /** The event name as sent (trimmed), e.g. `Sign up`. */
  eventName: string;
  /** The customer's id in the site's own system (`customerId` when one was sent, else `externalId`). */
  externalId: string;
  /** The customer's name as sent, or null when none was sent (the answer's generated name is not stored). */
  customerName: string | null;
  /** The customer's e-mail address, or null when none was sent. */
  customerEmail: string | null;
  /** The URL of the customer's avatar, or null when none was sent. */
  customerAvatar: string | null;
  /** The metadata object as sent, or null when none was sent. */
  metadata: Record<string, unknown> | null;
  /** When the lead was stored, as an ISO 8601 string. */
  createdAt: string;
}

/**
 * A click recorded by `GET /go/:key`.
 *
 * @example
 * { id: 'Q2xZ0Vb-9kLw_T2a', linkKey: 'demo', url: 'http://localhost:3000/signup', createdAt: '2025-01-31T09:59:00.000Z' }
 */
export interface SandboxClick {
  /** The click id, 16 random characters as PIMMS' nanoids: the `pimms_id` the visitor was sent off with. */
  id: string;
  /** The key of the short link that was followed. */
  linkKey: string;
  /** The link's destination at the time of the click, before `pimms_id` was added. */
  url: string;
  /** When the click happened, as an ISO 8601 string. */
  createdAt: string;
}

/** A short link: `GET /go/<key>` redirects to `url`. */
export interface ShortLink {
  /** The path segment after `/go/`. */
  key: string;
  /** The destination, an http(s) URL. */
  url: string;
}

/** A lead to store: a {@link SandboxLead} without the fields the store fills in, plus its de-duplication key. */
export interface NewLead extends Omit<SandboxLead, 'id' | 'createdAt'> {
  /** The normalised event name that, with `externalId`, makes a lead unique. */
  eventKey: string;
}

/**
 * A lead as listed by {@link SandboxDatabase.listLeads}: its metadata as the stored JSON text (or
 * its start), never parsed, so that listing costs the same whatever the metadata holds.
 */
export interface ListedLead extends Omit<SandboxLead, 'metadata'> {
  /** The stored metadata JSON, cut to the characters asked for; null when none was sent. */
  metadataText: string | null;
  /** The length of the whole stored metadata JSON, in UTF-16 code units (0 when none). */
  metadataLength: number;
}

/** One page of rows, newest first, and where the next page starts. */
export interface RowPage<T> {
  /** The rows. */
  rows: T[];
  /** Pass as `before` to get the next (older) page; undefined on the last page. */
  next?: number;
}

/** The sandbox's tables, behind prepared statements. Made by {@link openDatabase}. */
export interface SandboxDatabase {
  /** Creates the link, or replaces the destination of an existing one. */
  saveLink(link: ShortLink): void;
  /** Creates the link unless one with that key exists already (which keeps its destination). */
  addLinkIfMissing(link: ShortLink): void;
  /** The link with that key, if any. */
  getLink(key: string): ShortLink | undefined;
  /** Every link, in key order. */
  links(): ShortLink[];
  /** Records a click on a link and returns it. */
  addClick(id: string, link: ShortLink): SandboxClick;
  /** The click with that id, if any. */
  getClick(id: string): SandboxClick | undefined;
  /** Clicks, newest first; at most `limit` of them when given. */
  clicks(limit?: number): SandboxClick[];
  /** At most `limit` clicks older than the cursor `before` (newest first when absent). */
  listClicks(limit: number, before?: number): RowPage<SandboxClick>;
  /**
   * Takes a de-duplication key for good: true the first time, false for every later call with the
   * same key. PIMMS takes it before the click lookup and never lets it expire.
   */
  claimLeadKey(key: string): boolean;
  /** Stores a lead and returns it, or returns `undefined` when its (externalId, eventKey) is taken. */
  addLead(id: string, lead: NewLead): SandboxLead | undefined;
  /** Leads, newest first; at most `limit` of them when given. */
  leads(limit?: number): SandboxLead[];
  /**
   * At most `limit` leads older than the cursor `before` (newest first when absent), their metadata
   * as stored JSON text cut to `metadataChars` (default: whole).
   */
  listLeads(limit: number, before?: number, metadataChars?: number): RowPage<ListedLead>;
  /** Closes the database; the store is unusable afterwards. */
  close(): void;
}

// The UNIQUE constraint on leads is what makes de-duplication race-free: two requests for the same
// lead, even from two processes sharing the file, cannot both insert.
const SCHEMA = `
CREATE TABLE IF NOT EXISTS links (
  key TEXT PRIMARY KEY,
  url TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS clicks (
  id TEXT PRIMARY KEY,
  link_key TEXT NOT NULL,
  url TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS leads (
  id TEXT PRIMARY KEY,
  click_id TEXT NOT NULL REFERENCES clicks (id),
  link_key TEXT NOT NULL,
  event_name TEXT NOT NULL,
  event_key TEXT NOT NULL,
  external_id TEXT NOT NULL,
  customer_name TEXT,
  customer_email TEXT,
  customer_avatar TEXT,
  metadata TEXT,
  created_at TEXT NOT NULL,
  UNIQUE (external_id, event_key)
);
CREATE TABLE IF NOT EXISTS lead_keys (
  key TEXT PRIMARY KEY,
  created_at TEXT NOT NULL
);
`;

interface ClickRow {
  id: string;
  link_key: string;
  url: string;
  created_at: string;
}

interface LeadRow {
  id: string;
  click_id: string;
  link_key: string;
  event_name: string;
  external_id: string;
  customer_name: string | null;
  customer_email: string | null;
  customer_avatar: string | null;
  metadata: string | null;
  created_at: string;
}

const toClick = (row: ClickRow): SandboxClick => ({
  id: row.id,
  linkKey: row.link_key,
  url: row.url,
  createdAt: row.created_at,
});

interface ListedLeadRow extends Omit<LeadRow, 'metadata'> {
  rowid: number;
  metadata_text: string | null;
  metadata_length: number;
}

// The columns a stored lead and a listed one share, up to (not with) metadata and createdAt.
const leadColumns = (row: Omit<LeadRow, 'metadata'>) => ({
  id: row.id,
  clickId: row.click_id,
  linkKey: row.link_key,
  eventName: row.event_name,
  externalId: row.external_id,
  customerName: row.customer_name,
  customerEmail: row.customer_email,
  customerAvatar: row.customer_avatar,
});

const toLead = (row: LeadRow): SandboxLead => ({
  ...leadColumns(row),
  metadata: row.metadata == null ? null : (JSON.parse(row.metadata) as Record<string, unknown>),
  createdAt: row.created_at,
});

/**
 * Opens (creating if missing, with its folder) the sandbox database and its tables.
 *
 * @param file - An SQLite file path, or `':memory:'` for a database that lives as long as the store.
 * @returns The {@link SandboxDatabase}; call `close()` when done.
 * @example
 * const store = openDatabase(':memory:');
 * store.saveLink({ key: 'demo', url: 'https://example.com/' });
 */
export function openDatabase(file: string): SandboxDatabase {
  if (file != ':memory:' && !file.startsWith('file:'))
    mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    // Several processes (playground, tests) may share one file; wait for a writer instead of failing.
    db.pragma('busy_timeout = 5000');
    db.exec(SCHEMA);
  } catch (error) {
    db.close();
    throw error;
  }

  const saveLink = db.prepare<[string, string, string]>(
    'INSERT INTO links (key, url, created_at) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET url = excluded.url',
  );
  const addLinkIfMissing = db.prepare<[string, string, string]>(
    'INSERT INTO links (key, url, created_at) VALUES (?, ?, ?) ON CONFLICT (key) DO NOTHING',
  );
  const getLink = db.prepare<[string], ShortLink>('SELECT key, url FROM links WHERE key = ?');
  const links = db.prepare<[], ShortLink>('SELECT key, url FROM links ORDER BY key');
  const addClick = db.prepare<[string, string, string, string]>(
    'INSERT INTO clicks (id, link_key, url, created_at) VALUES (?, ?, ?, ?)',
  );
  const getClick = db.prepare<[string], ClickRow>('SELECT * FROM clicks WHERE id = ?');
  // rowid follows insertion order, which a clock change cannot reorder the way created_at could.
  const clicks = db.prepare<[number], ClickRow>('SELECT * FROM clicks ORDER BY rowid DESC LIMIT ?');
  const addLead = db.prepare(
    `INSERT INTO leads (id, click_id, link_key, event_name, event_key, external_id, customer_name,
       customer_email, customer_avatar, metadata, created_at)
     VALUES (@id, @clickId, @linkKey, @eventName, @eventKey, @externalId, @customerName,
       @customerEmail, @customerAvatar, @metadata, @createdAt)
     ON CONFLICT (external_id, event_key) DO NOTHING`,
  );
  const leads = db.prepare<[number], LeadRow>('SELECT * FROM leads ORDER BY rowid DESC LIMIT ?');
  const listClicks = db.prepare<[number, number], ClickRow & { rowid: number }>(
    'SELECT rowid, * FROM clicks WHERE rowid < ? ORDER BY rowid DESC LIMIT ?',
  );
  const listLeads = db.prepare<[number, number, number], ListedLeadRow>(
    `SELECT rowid, id, click_id, link_key, event_name, external_id, customer_name, customer_email,
       customer_avatar, created_at, substr(metadata, 1, ?) AS metadata_text,
       coalesce(length(metadata), 0) AS metadata_length
     FROM leads WHERE rowid < ? ORDER BY rowid DESC LIMIT ?`,
  );
  const claimLeadKey = db.prepare<[string, string]>(
    'INSERT INTO lead_keys (key, created_at) VALUES (?, ?) ON CONFLICT (key) DO NOTHING',
  );
  // One more row than asked tells whether there is a next page without a second query.
  function page<R extends { rowid: number }, T>(
    rows: R[],
    limit: number,
    map: (row: R) => T,
  ): RowPage<T> {
    const more = rows.length > limit;
    const kept = more ? rows.slice(0, limit) : rows;
    return { rows: kept.map(map), next: more ? kept[kept.length - 1]!.rowid : undefined };
  }
  const BEFORE_ALL = Number.MAX_SAFE_INTEGER;

  const now = () => new Date().toISOString();
  // SQLite reads a negative LIMIT as "no limit".
  const limitOf = (limit?: number) => (limit === undefined || limit < 0 ? -1 : Math.floor(limit));

  return {
    saveLink: (link) => void saveLink.run(link.key, link.url, now()),
    addLinkIfMissing: (link) => void addLinkIfMissing.run(link.key, link.url, now()),
    getLink: (key) => getLink.get(key),
    links: () => links.all(),
    addClick(id, link) {
      const click = { id, linkKey: link.key, url: link.url, createdAt: now() };
      addClick.run(click.id, click.linkKey, click.url, click.createdAt);
      return click;
    },
    getClick(id) {
      const row = getClick.get(id);
      return row && toClick(row);
    },
    clicks: (limit) => clicks.all(limitOf(limit)).map(toClick),
    listClicks: (limit, before = BEFORE_ALL) =>
      page(listClicks.all(before, limit + 1), limit, toClick),
    claimLeadKey: (key) => claimLeadKey.run(key, now()).changes > 0,
    listLeads: (limit, before = BEFORE_ALL, metadataChars = BEFORE_ALL) =>
      page(listLeads.all(metadataChars, before, limit + 1), limit, (row) => ({
        ...leadColumns(row),
        metadataText: row.metadata_text,
        metadataLength: row.metadata_length,
        createdAt: row.created_at,
      })),
    addLead(id, lead) {
      const stored: SandboxLead = {
        id,
        clickId: wellFormed(lead.clickId),
        linkKey: lead.linkKey,
        eventName: wellFormed(lead.eventName),
        externalId: wellFormed(lead.externalId),
        customerName: wellFormed(lead.customerName),
        customerEmail: wellFormed(lead.customerEmail),
        customerAvatar: wellFormed(lead.customerAvatar),
        metadata: lead.metadata,
        createdAt: now(),
      };
      const { changes } = addLead.run({
        ...stored,
        eventKey: wellFormed(lead.eventKey),
        // JSON.stringify writes a lone surrogate as a \uXXXX escape (ES2019), so metadata is kept
        // exactly and stored as valid UTF-8 without replacing anything.
        metadata: stored.metadata == null ? null : JSON.stringify(stored.metadata),
      });
      return changes ? stored : undefined;
    },
    leads: (limit) => leads.all(limitOf(limit)).map(toLead),
    close: () => db.close(),
  };
}

// A lone surrogate: a high one not followed by a low one, or a low one without a high one before.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * The string with every lone UTF-16 surrogate replaced by U+FFFD, as any UTF-8 encoder (and
 * Node's `TextEncoder`) writes it; SQLite would otherwise store bytes that are not UTF-8. PIMMS
 * accepts such JSON; the sandbox stores what an encoder would make of it. Null stays null.
 *
 * @param text - A string from a request, or null.
 * @example
 * wellFormed('a\uD800b') // 'a\uFFFDb'
 */
export function wellFormed<T extends string | null>(text: T): T {
  return (text == null ? text : text.replace(LONE_SURROGATE, '\uFFFD')) as T;
}
