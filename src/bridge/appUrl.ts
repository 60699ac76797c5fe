/** Absolute URL of a file the app serves itself (public/), correct under any sub-path. */
export function appUrl(path: string): string {
  return new URL(path, new URL(import.meta.env.BASE_URL, document.baseURI)).href;
}
