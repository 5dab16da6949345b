import { strict as assert } from 'node:assert';
import { inNotebook, recordsTable, showFigure, showTable, tableDisplayHtml } from '../../src/analysis/report/display';
import { kappaBandsTable, fleissKappaTable, auAgreementTable } from '../../src/analysis/reliability/tables';
import { fleissKappa } from '../../src/analysis/reliability/fleiss';
import { auAgreement } from '../../src/analysis/reliability/au-agreement';
import type { TableSpec } from '../../src/analysis/report/table';
import { assertClose } from '../helpers/close';

function captureStdout(fn: () => void): string {
  const write = process.stdout.write.bind(process.stdout);
  let out = '';
  (process.stdout as unknown as { write: (s: string) => boolean }).write = (s: string) => { out += s; return true; };
  try { fn(); } finally { (process.stdout as unknown as { write: typeof write }).write = write; }
  return out;
}

const spec: TableSpec = { id: 'demo', title: 'Demo', columns: [{ key: 'a', label: 'A' }, { key: 'b', label: 'B', align: 'r', digits: 2 }], rows: [{ a: 'x', b: 1.234 }] };

describe('notebook display helpers', () => {
  it('outside a tslab kernel: not a notebook; tables print as Markdown, figures as one line', () => {
    assert.equal(inNotebook(), false);
    assert.equal(captureStdout(() => showTable(spec)), '**Demo**\n\n| A | B |\n| :-- | --: |\n| x | 1.23 |\n\n');
    const line = captureStdout(() => showFigure({ id: 'f1', title: 'F', data: [{ type: 'bar' }], layout: {}, width: 10, height: 10 }));
    assert.equal(line, '[figure f1: F, 1 trace(s); render with figureToHtml or melab report]\n');
  });

  it('the notebook HTML of a table carries its id and the table style', () => {
    const html = tableDisplayHtml(spec);
    assert.match(html, /data-table-id="demo"/);
    assert.match(html, /<table class="melab-table" id="demo">/);
    assert.match(html, /<style>table\.melab-table/);
  });

  it('recordsTable: one column per key; numbers right-aligned, non-integers with digits; objects as JSON', () => {
    const t = recordsTable('r', 'R', [{ name: 'a', n: 3, share: 0.5, extra: { k: 1 } }, { name: 'b', n: 4, share: 0.25, extra: null }]);
    assert.deepEqual(t.columns, [
      { key: 'name', label: 'name', align: 'l' },
      { key: 'n', label: 'n', align: 'r' },
      { key: 'share', label: 'share', align: 'r', digits: 3 },
      { key: 'extra', label: 'extra', align: 'l' },
    ]);
    assert.equal(t.rows[0].extra, '{"k":1}');
    assert.equal(recordsTable('e', 'E', []).columns.length, 0);
  });
});

describe('summary tables of reliability results', () => {
  it("Table 4 marks the band of the paper's kappa 0.72: substantial agreement (0.61-0.80)", () => {
    const t = kappaBandsTable(0.72);
    assert.deepEqual(t.rows.filter((r) => r.mark).map((r) => r.label), ['Substantial agreement']);
    assert.equal(t.rows.length, 6);
  });

  it("Fleiss' kappa table: one row per category plus Overall, numbers copied from the result", () => {
    // 3 items × 3 raters; by hand: P̄ = (1/3 + 1 + 1)/3 = 7/9, p_a = 5/9, p_b = 4/9,
    // P̄e = 25/81 + 16/81 = 41/81, kappa = (7/9 − 41/81)/(1 − 41/81) = (63 − 41)/(81 − 41) = 22/40 = 0.55
    const r = fleissKappa([['a', 'a', 'b'], ['b', 'b', 'b'], ['a', 'a', 'a']]);
    const t = fleissKappaTable(r);
    assert.deepEqual(t.rows.map((x) => x.category), ['A', 'B', 'Overall']);
    const overall = t.rows[2];
    assertClose(overall.kappa as number, 0.55, 1e-12, 'overall kappa');
    assert.equal(overall.band, 'Moderate agreement');
  });

  it('AU agreement table: R = 2·agreed / (coded A + coded B), first row all AUs', () => {
    // by hand: sample 1 {4,7} vs {4}: 1 agreed; sample 2 {12} vs {12}: 1 agreed → R = 2·2/(3 + 2) = 0.8
    const t = auAgreementTable(auAgreement(['4+7', '12'], ['4', '12']));
    assert.deepEqual(t.rows[0], { au: 'All AUs', R: 0.8, both: 2, a: 3, b: 2 });
    assert.deepEqual(t.rows.slice(1).map((r) => r.au), ['AU4', 'AU7', 'AU12']);
  });
});
