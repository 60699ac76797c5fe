/** SHA-256 of a file's bytes, hex-encoded: the same file imported twice has the same fingerprint. */
export async function fingerprintBytes(bytes: ArrayBuffer | Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes as BufferSource);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}
