/**
 * The few platform APIs core may use: those that browsers, workers and Node (>= 20) all provide
 * with the same behaviour. tsconfig.core.json has neither the DOM nor Node's types, so anything
 * else (fetch, caches, IndexedDB, document, fs, process) is a type error in core — such code
 * belongs in a worker, db/ or cli/. Declared as narrowly as core uses them; add a member here only
 * if all three runtimes have it.
 */

type BufferSource = ArrayBufferView<ArrayBuffer> | ArrayBuffer;
type AllowSharedBufferSource = ArrayBufferView | ArrayBufferLike;

interface Performance {
  now(): number;
}
declare var performance: Performance;

interface SubtleCrypto {
  digest(algorithm: 'SHA-1' | 'SHA-256' | 'SHA-384' | 'SHA-512', data: BufferSource): Promise<ArrayBuffer>;
}
interface Crypto {
  readonly subtle: SubtleCrypto;
  randomUUID(): `${string}-${string}-${string}-${string}-${string}`;
  getRandomValues<T extends ArrayBufferView>(array: T): T;
}
declare var crypto: Crypto;

interface TextDecoder {
  readonly encoding: string;
  decode(input?: AllowSharedBufferSource, options?: { stream?: boolean }): string;
}
declare var TextDecoder: {
  prototype: TextDecoder;
  new (label?: string, options?: { fatal?: boolean; ignoreBOM?: boolean }): TextDecoder;
};

interface TextEncoder {
  encode(input?: string): Uint8Array<ArrayBuffer>;
}
declare var TextEncoder: { prototype: TextEncoder; new (): TextEncoder };

/** Files reach core as Blobs (a File in the browser, a Blob made from bytes in Node and tests). */
interface Blob {
  readonly size: number;
  readonly type: string;
  slice(start?: number, end?: number, contentType?: string): Blob;
  arrayBuffer(): Promise<ArrayBuffer>;
  text(): Promise<string>;
}
declare var Blob: { prototype: Blob; new (parts?: (BufferSource | Blob | string)[], options?: { type?: string }): Blob };

interface URL {
  href: string;
  pathname: string;
  toString(): string;
}
declare var URL: { prototype: URL; new (url: string | URL, base?: string | URL): URL };

/** Only named (the augurs wasm loader accepts one); core never creates or reads a Response. */
interface Response {
  readonly ok: boolean;
}

declare function structuredClone<T>(value: T): T;

interface Console {
  log(...data: unknown[]): void;
  info(...data: unknown[]): void;
  warn(...data: unknown[]): void;
  error(...data: unknown[]): void;
}
declare var console: Console;
