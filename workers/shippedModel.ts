import { loadShippedModel, type Checkpoint, type ShippedModelJson } from '../src/core/neural/runtime';

/**
 * Fetches the shipped pre-trained model from `folderUrl` (absolute, ending in "/"). Never from a
 * CDN or model hub: the files are part of the app.
 */
export function fetchShippedModel(folderUrl: string): Promise<Checkpoint & { meta: ShippedModelJson }> {
  return loadShippedModel(async (name) => {
    const url = new URL(name, folderUrl).href;
    const response = await fetch(url);
    if (!response.ok) throw new Error(`could not load the pre-trained model from ${url}: HTTP ${response.status}`);
    return new Uint8Array(await response.arrayBuffer());
  });
}
