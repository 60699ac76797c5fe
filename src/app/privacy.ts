/**
 * The seller's one network exception: downloading text-model weights from the Hugging Face hub.
 * Off by default; remembered in localStorage because it must be known synchronously at start-up,
 * before any code could open a connection.
 */
const HUB_OPT_IN_KEY = 'shelfcast.hubDownloadsAllowed';

export function hubDownloadsAllowed(): boolean {
  try {
    return localStorage.getItem(HUB_OPT_IN_KEY) === 'yes';
  } catch {
    return false;
  }
}

/** Takes effect on the next page load (a Content-Security-Policy can be narrowed, never widened). */
export function setHubDownloadsAllowed(allowed: boolean): void {
  if (allowed) localStorage.setItem(HUB_OPT_IN_KEY, 'yes');
  else localStorage.removeItem(HUB_OPT_IN_KEY);
}

/**
 * Adds a second Content-Security-Policy that limits connections to this origin. Browsers enforce
 * every policy on a page, so this narrows index.html's policy (which lists the hub) until the seller
 * opts in. Must run before anything else that could connect.
 */
export function lockConnectionsToOwnOrigin(doc: Document = document): void {
  if (hubDownloadsAllowed()) return;
  const meta = doc.createElement('meta');
  meta.httpEquiv = 'Content-Security-Policy';
  meta.content = "connect-src 'self'";
  doc.head.prepend(meta);
}
