import type { RowContext } from '../context';
import type { StagedImport } from '../staged';

/** Reads the rows of one kind of file into the shared context, then adds its part to the result. */
export interface KindReader {
  /** One data row (width already checked): true when it was accepted. */
  row(cells: string[], line: number): boolean;
  /** Builds what this kind stores (blocks, catalogue rows, reviews, stock) once every row is read. */
  finish(staged: StagedImport): void;
}

export type KindReaderFactory = (ctx: RowContext) => KindReader;
