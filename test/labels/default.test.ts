/**
 * The readers on the embedded default's layout: the synthetic DFME-like labels (dfme format plus
 * Part and Gender), generated in memory by src/analysis/synthetic, read back through the dfme reader.
 * Expected counts are the paper's: Table 1 per part, Table 5's AU total, Sec. 3.4's 7,526 samples.
 */
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { DEFAULT_LABELS_FILE, loadDefaultLabels, parseLabelSheet } from '../../src/analysis/labels/read';
import { parseCsv } from '../../src/analysis/labels/sheet';
import { labelColumn } from '../../src/analysis/labels/model';
import { generateSyntheticDfme, syntheticLabelsCsv } from '../../src/analysis/synthetic';

describe('labels/read: the synthetic DFME-like default', () => {
  it('DEFAULT_LABELS_FILE is data/dfme-synthetic-labels.csv at the package root', () => {
    assert.equal(DEFAULT_LABELS_FILE, path.resolve(__dirname, '..', '..', 'data', 'dfme-synthetic-labels.csv'));
  });

  it('loadDefaultLabels reads the committed file: dfme format, 7,526 samples (Sec. 3.4), no error', () => {
    const labels = loadDefaultLabels();
    assert.equal(labels.format, 'dfme');
    assert.equal(labels.file, DEFAULT_LABELS_FILE);
    assert.equal(labels.table.numRows(), 7526);
    assert.deepEqual(labels.issues.filter((i) => i.severity === 'error'), []);
  });

  it('reads as dfme: 7,526 rows, parts 1,118/969/5,439 (Table 1), 12,928 AU tokens (Table 5), no issues', () => {
    const labels = parseLabelSheet(parseCsv(syntheticLabelsCsv(generateSyntheticDfme())), { file: 'dfme-synthetic-labels.csv' });
    assert.equal(labels.format, 'dfme');
    assert.equal(labels.table.numRows(), 7526);
    assert.ok(labels.extras.includes('gender'));
    const parts = new Map<string | null, number>();
    for (const p of labelColumn(labels, 'part')) parts.set(p, (parts.get(p) ?? 0) + 1);
    assert.deepEqual([...parts.entries()].sort(), [['A', 1118], ['B', 969], ['C', 5439]]);
    const tokens = labelColumn(labels, 'aus').reduce((s, t) => s + t.length, 0);
    assert.equal(tokens, 12928);
    assert.deepEqual(labels.issues, []);
  });
});
