import { parseShippedModel, type Checkpoint, type ShippedModelJson } from './checkpoint';

/** Folder of the pre-trained weights under the app's public/ (served from the app's own origin). */
export const SHIPPED_MODEL_PATH = 'models/shelfcast-transformer/';

/** Reads one file of the shipped model's folder by name ("model.json", "weights.bin"). */
export type ShippedFileReader = (name: string) => Promise<Uint8Array>;

/**
 * The shipped pre-trained model, read file by file through `read`: Node reads the folder from disk
 * (src/cli/node.ts), a worker fetches it from the app's own origin (workers/shippedModel.ts), and
 * core knows neither file systems nor networks.
 */
export async function loadShippedModel(read: ShippedFileReader): Promise<Checkpoint & { meta: ShippedModelJson }> {
  const json = JSON.parse(new TextDecoder().decode(await read('model.json'))) as ShippedModelJson;
  const bytes = await read(json.weightsFile ?? 'weights.bin');
  return parseShippedModel(json, bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
}
