import 'fake-indexeddb/auto';
import { readdirSync, readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { describeIssue, ImportError, inspectFile, reportOf, stageImport, type ImportPlan } from '../../src/core/ingest';
import { analyseStaged, commitStaged, exportBackup, ShelfcastDB, useDatabase } from '../../src/db';

const DIR = 'tests/fixtures/malformed';
const SEED = 'date,sku,qty,price,name\n2024-01-01,A,1,2.00,Mug\n2024-01-02,A,2,2.00,Mug\n2024-01-02,K,5,1.00,Bowl\n';

/**
 * Every malformed file and the message the seller must get for it. `fatal`: the file is refused as a
 * whole; `issue`: a row is rejected with this reason; `question`: the mapping screen asks; `warning` or
 * `note`: it is read, and the report says this.
 */
const CORPUS: Record<string, { fatal?: RegExp; issue?: RegExp; question?: RegExp; warning?: RegExp; note?: RegExp; answer?: Partial<ImportPlan> }> = {
  'empty.csv': { fatal: /empty\.csv, line 1: the file is empty \(0 bytes\)/ },
  'blank-lines.csv': { fatal: /line 1: the file is empty \(only blank lines\)/ },
  'header-only.csv': { fatal: /line 2: the file has a header but no data rows/ },
  'header-only-crlf.csv': { fatal: /line 2: the file has a header but no data rows/ },
  'binary-junk.bin': { fatal: /line \d+: this is not a text file \(binary byte 0x[0-9a-f]{2} at byte \d+\)/ },
  'png-image.csv': { fatal: /line 1: this file is a PNG image, not a table/ },
  'excel-workbook.xlsx': { fatal: /this file is an Excel workbook or other zip archive \(\.xlsx, \.zip\): open it in your spreadsheet and save it as CSV/ },
  'gzip-compressed.csv': { fatal: /this file is gzip-compressed: unpack it first/ },
  'pdf-report.csv': { fatal: /this file is a PDF document/ },
  'nul-in-middle.csv': { fatal: /line 3: this is not a text file \(binary byte 0x00 at byte 41\)/ },
  'unterminated-quote.csv': { issue: /unterminated-quote\.csv, line 3: a quoted cell opened on this line is never closed/ },
  'bad-quote-escape.csv': { issue: /line 2: a quote inside a cell is not doubled/ },
  'wrong-types.csv': { issue: /line 2, column 3 \(qty\): quantity "abc" is not a number/ },
  'formula-quantity.csv': { issue: /line 2, column 3 \(qty\): quantity "=SUM\(A1:A3\)" is a spreadsheet formula, not a number/ },
  'formula-text.csv': { warning: /3 cells start like a spreadsheet formula \(first: line 2, sku "@cmd"\); kept as plain text, never evaluated/ },
  'too-few-cells.csv': { issue: /line 3: has 2 cells but the header has 4/ },
  'too-many-cells.csv': { issue: /line 3: has 5 cells but the header has 3 \(extra cell "oops"/ },
  'truncated-last-line.csv': { issue: /line 3: has 1 cell but the header has 3 \(the line may be cut off\)/ },
  'impossible-dates.csv': { issue: /line 3, column 1 \(date\): date "2024-02-30" is not a real calendar date/ },
  'mixed-date-formats.csv': { question: /most dates are year-first, but 1 is written like "13\/01\/2024"/, issue: /line 5, column 1 \(date\): date "13\/01\/2024" is not in the file's year-month-day form/ },
  'ambiguous-dates.csv': { question: /dates like "01\/02\/2024" could be day\/month or month\/day: please choose/ },
  'conflicting-date-orders.csv': { question: /the dates mix day-first \("13\/01\/2024"\) and month-first \("01\/13\/2024"\) forms/ },
  'dates-out-of-range.csv': { issue: /line 2, column 1 \(date\): date "1899-12-31" is outside 1970–2100/ },
  'duplicate-header.csv': { question: /The header names "qty" more than once/ },
  'duplicate-catalogue-keys.csv': { issue: /line 3, column 1 \(sku\): product "A" already appeared on line 2; this row was skipped/ },
  'duplicate-product-days.csv': { warning: /1 row repeats a product and date seen before \(first: line 4 \(A, 2024-01-01\)\); their quantities were added up/ },
  'unknown-columns.csv': { question: /could not tell what kind of file this is: for sales it needs Date .* The header has: "foo", "bar", "baz"/ },
  'no-header.csv': { fatal: /line 1 looks like data \("2024-01-01,A,5"\), not column names/ },
  'huge-numbers.csv': { issue: /line 2, column 3 \(qty\): quantity "1e300" is out of range/ },
  'negative-price.csv': { issue: /line 2, column 4 \(price\): price "-2\.50" is negative/ },
  'long-sku.csv': { issue: /line 2, column 2 \(sku\): product code is 300 characters long \(at most 200\)/ },
  'single-column.csv': { fatal: /line 1: only one column was found \("just one column"\)/ },
  'empty-header-names.csv': { fatal: /line 1: the header row has no column names/ },
  'empty-cells.csv': { issue: /line 2, column 2 \(sku\): product code is empty/ },
  'catalogue-bad-values.csv': { issue: /line 2, column 3 \(case pack\): case pack "2\.5" must be a whole number/ },
  'reviews-bad-rating.csv': { issue: /line 2, column 2 \(rating\): rating "five" is not a number/ },
  'stock-bad-flag.csv': { issue: /line 2, column 3 \(stockout\): out-of-stock flag "maybe" is not yes\/no/ },
  'wide-bad-cells.csv': { issue: /line 2, column 3 \(2024-01-02\): quantity "n\/a" is not a number/ },
  'all-rows-rejected.csv': { question: /the cells do not look like dates \(e\.g\. "yesterday"\)/, answer: { dateOrder: 'YMD' }, issue: /line 2, column 1 \(date\): "yesterday" is not a date/ },
  'latin1-bytes.csv': { note: /not valid UTF-8; it is read as Windows-1252/ },
};

interface Outcome { fatal?: string; issues: string[]; questions: string[]; warnings: string[]; notes: string[] }

/** What the seller would see for a file, taking the detected answers; nothing is committed. */
async function check(blob: Blob, name: string, answer: Partial<ImportPlan> = {}): Promise<Outcome> {
  const out: Outcome = { issues: [], questions: [], warnings: [], notes: [] };
  try {
    const inspection = await inspectFile(blob, name);
    Object.assign(inspection.plan, answer);
    out.questions = inspection.questions;
    out.notes = inspection.notes;
    if (inspection.plan.dateOrder === undefined && inspection.plan.columns.date !== undefined) return out;
    if (inspection.plan.kind === 'sales' && inspection.plan.columns.qty === undefined) return out;
    const staged = await stageImport(blob, name, inspection.headers, inspection.plan);
    const report = await analyseStaged(staged, reportOf(staged, inspection.notes, inspection.layout));
    out.issues = report.issues.map(describeIssue);
    out.warnings = report.warnings;
  } catch (error) {
    if (!(error instanceof ImportError)) throw error;
    out.fatal = error.message;
  }
  return out;
}

describe('malformed files: a specific message each, and the database unchanged byte for byte', () => {
  let before = '';
  beforeAll(async () => {
    useDatabase(new ShelfcastDB('malformed-corpus'));
    const blob = new Blob([SEED]);
    const inspection = await inspectFile(blob, 'seed.csv');
    const staged = await stageImport(blob, 'seed.csv', inspection.headers, inspection.plan);
    const report = await analyseStaged(staged, reportOf(staged, [], ''));
    await commitStaged(staged, report, { returns: 'net', overlap: 'add' });
    before = await (await exportBackup()).text();
    expect(before.split('\n').length).toBeGreaterThan(5);
  });

  it('has at least 30 files, each with an expected message', () => {
    const files = readdirSync(DIR).filter((f) => f !== 'README.md');
    expect(files.length).toBeGreaterThanOrEqual(30);
    expect(files.sort()).toEqual(Object.keys(CORPUS).sort());
  });

  for (const [file, expected] of Object.entries(CORPUS)) {
    it(file, async () => {
      const outcome = await check(new Blob([readFileSync(`${DIR}/${file}`)]), file, expected.answer);
      if (expected.fatal) expect(outcome.fatal).toMatch(expected.fatal);
      else expect(outcome.fatal).toBeUndefined();
      if (expected.issue) expect(outcome.issues.join('\n')).toMatch(expected.issue);
      if (expected.question) expect(outcome.questions.join('\n')).toMatch(expected.question);
      if (expected.warning) expect(outcome.warnings.join('\n')).toMatch(expected.warning);
      if (expected.note) expect(outcome.notes.join('\n')).toMatch(expected.note);
      expect(await (await exportBackup()).text()).toBe(before);
    });
  }

  it('a 10 MB single line (no line break at all) is refused without reading it all', async () => {
    const outcome = await check(new Blob(['x'.repeat(10 * 1024 * 1024)]), 'one-line.csv');
    expect(outcome.fatal).toMatch(/one-line\.csv, line 1: no line break in the first 1,048,576 bytes/);
    expect(await (await exportBackup()).text()).toBe(before);
  });

  it('a 10 MB cell (quoted or not) costs its own row only', async () => {
    const huge = 'y'.repeat(10 * 1024 * 1024);
    const quoted = await check(new Blob([`date,sku,qty\n2024-01-01,A,1\n2024-01-02,"${huge}",2\n2024-01-03,A,3\n`]), 'big-cell.csv');
    expect(quoted.issues.join('\n')).toMatch(/big-cell\.csv, line 3: a quoted cell opened on this line runs for more than 1,048,576 characters \(is its closing quote missing\?\)/);
    const bare = await check(new Blob([`date,sku,qty\n2024-01-01,A,1\n2024-01-02,${huge},2\n2024-01-03,A,3\n`]), 'big-line.csv');
    expect(bare.issues.join('\n')).toMatch(/big-line\.csv, line 3: the line is longer than 1,048,576 characters; it was skipped/);
    expect(await (await exportBackup()).text()).toBe(before);
  });

  it('the same file again is refused at commit time, even if the report was ignored', async () => {
    const blob = new Blob([SEED]);
    const inspection = await inspectFile(blob, 'seed-again.csv');
    const staged = await stageImport(blob, 'seed-again.csv', inspection.headers, inspection.plan);
    const report = await analyseStaged(staged, reportOf(staged, [], ''));
    expect(report.duplicateOf?.fileName).toBe('seed.csv');
    await expect(commitStaged(staged, report, { returns: 'net', overlap: 'add' })).rejects.toThrow(/was already imported/);
    expect(await (await exportBackup()).text()).toBe(before);
  });
});
