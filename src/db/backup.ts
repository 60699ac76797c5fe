import Dexie from 'dexie';
import { database, resetConnection } from './connection';
import { detachForecastPaths, type ForecastPathsRecord, type LegacyForecastRecord } from './schema';

/**
 * Backup format: newline-delimited JSON. Line 1 describes the database (schema version,
 * tables with their schema and row count); every further line is one record `{"t": table, "v": value}`
 * (plus `"k"` for tables whose keys live outside the record). Typed arrays, ArrayBuffers, Blobs,
 * Dates, Maps, Sets and non-finite numbers are tagged objects `{"$": type, …}` with bytes in base64,
 * so Float32Array sales and model weights come back bit for bit. Tables are written in name order
 * and records in key order: the same database always gives the same bytes.
 */
export const BACKUP_FORMAT = 'shelfcast-backup';
export const BACKUP_VERSION = 1;

interface BackupHeader {
  format: typeof BACKUP_FORMAT;
  version: number;
  schemaVersion: number;
  tables: { name: string; schema: string; count: number }[];
}

type Tagged = { $: string; [key: string]: unknown };
const TYPED = {
  Float32Array, Float64Array, Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array, Uint32Array,
} as const;

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

function fromBase64(text: string): Uint8Array {
  const binary = atob(text);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

/** Replaces Blobs by their bytes (reading a Blob is asynchronous, encoding is not). */
async function readBlobs(value: unknown): Promise<unknown> {
  if (typeof Blob !== 'undefined' && value instanceof Blob) return { $blob: new Uint8Array(await value.arrayBuffer()), type: value.type };
  if (Array.isArray(value)) return Promise.all(value.map(readBlobs));
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = await readBlobs(v);
    return out;
  }
  return value;
}

function hasBlob(value: unknown): boolean {
  if (typeof Blob !== 'undefined' && value instanceof Blob) return true;
  if (Array.isArray(value)) return value.some(hasBlob);
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) return Object.values(value).some(hasBlob);
  return false;
}

function encode(value: unknown): unknown {
  if (typeof value === 'number') {
    if (Number.isFinite(value)) return Object.is(value, -0) ? { $: 'num', v: '-0' } : value;
    return { $: 'num', v: String(value) };
  }
  if (value === undefined) return { $: 'undefined' };
  if (value === null || typeof value !== 'object') return value;
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    const bytes = new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
    return { $: value.constructor.name, b64: toBase64(bytes) };
  }
  if (value instanceof ArrayBuffer) return { $: 'ArrayBuffer', b64: toBase64(new Uint8Array(value)) };
  if (value instanceof Date) return { $: 'Date', v: value.toISOString() };
  if (value instanceof Map) return { $: 'Map', v: [...value.entries()].map(([k, v]) => [encode(k), encode(v)]) };
  if (value instanceof Set) return { $: 'Set', v: [...value].map(encode) };
  if (Array.isArray(value)) return value.map(encode);
  const record = value as Record<string, unknown>;
  if ('$blob' in record && record.$blob instanceof Uint8Array) return { $: 'Blob', type: record.type, b64: toBase64(record.$blob) };
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(record)) if (v !== undefined) out[k] = encode(v);
  return '$' in out ? { $: 'Object', v: out } : out;
}

function decode(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(decode);
  if (value === null || typeof value !== 'object') return value;
  const tagged = value as Tagged;
  if (typeof tagged.$ === 'string') {
    switch (tagged.$) {
      case 'num': return Number(tagged.v);
      case 'undefined': return undefined;
      case 'ArrayBuffer': return fromBase64(tagged.b64 as string).buffer;
      case 'Blob': return new Blob([fromBase64(tagged.b64 as string) as BlobPart], { type: tagged.type as string });
      case 'Date': return new Date(tagged.v as string);
      case 'Map': return new Map((tagged.v as unknown[][]).map(([k, v]) => [decode(k), decode(v)]));
      case 'Set': return new Set((tagged.v as unknown[]).map(decode));
      case 'Object': return decodeObject(tagged.v as Record<string, unknown>);
      default: {
        const Ctor = TYPED[tagged.$ as keyof typeof TYPED];
        if (!Ctor) throw new Error(`unknown value type "${tagged.$}"`);
        const bytes = fromBase64(tagged.b64 as string);
        return new Ctor(bytes.buffer as ArrayBuffer, 0, bytes.byteLength / Ctor.BYTES_PER_ELEMENT);
      }
    }
  }
  return decodeObject(value as Record<string, unknown>);
}

function decodeObject(value: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = decode(v);
  return out;
}

/**
 * Caches of derived data, left out of backups: rebuilt on demand after a restore (the text embedding
 * cache is recomputed from product names and reviews, and can be large).
 */
const CACHE_TABLES = new Set(['embeddings']);

/** Everything in the database (every table, including ones added later) as one file. */
export async function exportBackup(): Promise<Blob> {
  const db = database();
  await db.open();
  const tables = [...db.tables].filter((t) => !CACHE_TABLES.has(t.name)).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const parts: string[] = [];
  const header: BackupHeader = { format: BACKUP_FORMAT, version: BACKUP_VERSION, schemaVersion: db.verno, tables: [] };
  await db.transaction('r', tables, async () => {
    for (const table of tables) {
      const outbound = !table.schema.primKey.keyPath;
      const values = await table.toArray();
      const keys = outbound ? await table.toCollection().primaryKeys() : undefined;
      header.tables.push({ name: table.name, schema: schemaOf(table), count: values.length });
      let page: string[] = [];
      for (let i = 0; i < values.length; i++) {
        const value = hasBlob(values[i]) ? await readBlobs(values[i]) : values[i];
        page.push(JSON.stringify(keys ? { t: table.name, k: encode(keys[i]), v: encode(value) } : { t: table.name, v: encode(value) }));
        if (page.length === 500) { parts.push(`${page.join('\n')}\n`); page = []; }
      }
      if (page.length > 0) parts.push(`${page.join('\n')}\n`);
    }
  });
  return new Blob([`${JSON.stringify(header)}\n`, ...parts], { type: 'application/x-ndjson' });
}

function schemaOf(table: Dexie.Table): string {
  const s = table.schema;
  return [s.primKey.src, ...s.indexes.map((i) => i.src)].join(', ');
}

/**
 * Replaces everything with a backup's contents, atomically: the file is read and checked in full
 * first, then every table is cleared and refilled in one transaction. A bad file changes nothing.
 */
export async function restoreBackup(file: Blob): Promise<{ tables: number; records: number }> {
  const db = database();
  await db.open();
  const text = await file.text();
  const firstBreak = text.indexOf('\n');
  let header: BackupHeader;
  try {
    header = JSON.parse(firstBreak < 0 ? text : text.slice(0, firstBreak));
  } catch {
    throw new Error('This is not a Shelfcast backup (its first line is not the backup header).');
  }
  if (header?.format !== BACKUP_FORMAT) throw new Error('This is not a Shelfcast backup (wrong format name in the first line).');
  if (header.version > BACKUP_VERSION) throw new Error(`This backup was made by a newer Shelfcast (format ${header.version}); update the app first.`);
  if (header.schemaVersion > db.verno) throw new Error(`This backup has database version ${header.schemaVersion}; this Shelfcast knows up to ${db.verno}.`);
  const known = new Map(db.tables.map((t) => [t.name, t]));
  for (const t of header.tables) if (!known.has(t.name)) throw new Error(`The backup has a table "${t.name}" that this Shelfcast does not know.`);
  const rows = new Map<string, { keys: unknown[]; values: unknown[] }>(header.tables.map((t) => [t.name, { keys: [], values: [] }]));
  let line = 1;
  for (let start = firstBreak + 1; start > 0 && start < text.length;) {
    const end = text.indexOf('\n', start);
    const json = text.slice(start, end < 0 ? text.length : end);
    line++;
    start = end < 0 ? text.length : end + 1;
    if (json.trim() === '') continue;
    let entry: { t: string; k?: unknown; v: unknown };
    try {
      entry = JSON.parse(json);
    } catch {
      throw new Error(`The backup is damaged: line ${line} is not valid JSON.`);
    }
    const target = rows.get(entry.t);
    if (!target) throw new Error(`The backup is damaged: line ${line} names a table "${entry.t}" its header does not list.`);
    target.values.push(decode(entry.v));
    if (entry.k !== undefined) target.keys.push(decode(entry.k));
  }
  for (const t of header.tables) {
    const got = rows.get(t.name)?.values.length ?? 0;
    if (got !== t.count) throw new Error(`The backup is incomplete: table "${t.name}" should have ${t.count} records but has ${got}.`);
  }
  upgradeBackupRows(header.schemaVersion, rows);
  let records = 0;
  await db.transaction('rw', db.tables, async () => {
    for (const table of db.tables) await table.clear();
    for (const [name, { keys, values }] of rows) {
      const table = known.get(name) as Dexie.Table;
      if (keys.length > 0) await table.bulkAdd(values, keys as never[]);
      else await table.bulkAdd(values);
      records += values.length;
    }
  });
  return { tables: header.tables.length, records };
}

/**
 * Brings the records of a backup made by an older schema to today's shape, as the schema's own
 * upgrade functions do for a stored database (a backup skips them: it is written straight in).
 */
function upgradeBackupRows(schemaVersion: number, rows: Map<string, { keys: unknown[]; values: unknown[] }>): void {
  const forecasts = rows.get('forecasts');
  if (schemaVersion < 3 && forecasts) {
    const moved: ForecastPathsRecord[] = [];
    for (const record of forecasts.values as LegacyForecastRecord[]) {
      const paths = detachForecastPaths(record);
      if (paths) moved.push(paths);
    }
    rows.set('forecastPaths', { keys: [], values: moved });
  }
}

/**
 * "Delete all my data": deletes the Shelfcast database and every other IndexedDB database of this
 * site (model caches included), so nothing of the seller's stays in the browser.
 */
export async function deleteAllData(): Promise<string[]> {
  const db = database();
  const deleted: string[] = [db.name];
  db.close();
  resetConnection();
  await Dexie.delete(db.name);
  const factory = (globalThis as { indexedDB?: IDBFactory }).indexedDB;
  if (factory && typeof factory.databases === 'function') {
    for (const info of await factory.databases()) {
      if (!info.name || info.name === db.name) continue;
      await new Promise<void>((resolve, reject) => {
        const request = factory.deleteDatabase(info.name as string);
        request.onsuccess = () => resolve();
        request.onerror = () => reject(request.error);
        request.onblocked = () => resolve();
      });
      deleted.push(info.name);
    }
  }
  return deleted;
}
