/** Progress reported from a worker to the page through a comlink-proxied callback. */
export interface Progress {
  /** What is happening, in words for the status line ("Parsing sales.csv"). */
  stage: string;
  /** 0…1, or undefined when the amount of work is unknown. */
  fraction?: number;
}
export type ProgressCallback = (progress: Progress) => void;
