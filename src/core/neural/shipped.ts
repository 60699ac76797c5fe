import { parseShippedModel, type Checkpoint, type ShippedModelJson } from './checkpoint';

/** Folder of the pre-trained weights under the app's public/ (served from the app's own origin). */
export const SHIPPED_MODEL_PATH = 'models/shelfcast-transformer/';

/**
 * Fetches the shipped pre-trained model from `folderUrl` (absolute, ending in "/"). Never from a
 * CDN or model hub: the files are part of the app.
 */
export async function fetchShippedModel(folderUrl: string): Promise<Checkpoint & { meta: ShippedModelJson }> {
  const jsonUrl = new URL('model.json', folderUrl).href;
  const response = await fetch(jsonUrl);
  if (!response.ok) throw new Error(`could not load the pre-trained model from ${jsonUrl}: HTTP ${response.status}`);
  const json = (await response.json()) as ShippedModelJson;
  const weightsUrl = new URL(json.weightsFile ?? 'weights.bin', folderUrl).href;
  const weights = await fetch(weightsUrl);
  if (!weights.ok) throw new Error(`could not load the pre-trained weights from ${weightsUrl}: HTTP ${weights.status}`);
  return parseShippedModel(json, await weights.arrayBuffer());
}
