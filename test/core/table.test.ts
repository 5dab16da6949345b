import { strict as assert } from 'node:assert';
import { tableToCsv, tableToHtml, tableToLatex, tableToMarkdown, type TableSpec } from '../../src/analysis/report/table';

// A two-row table worked by hand: each rendering below is what the format's spec requires.
const spec: TableSpec = {
  id: 'demo',
  title: 'AU counts',
  columns: [
    { key: 'au', label: 'AU' },
    { key: 'n', label: 'n', align: 'r' },
    { key: 'pct', label: 'pct (%)', align: 'r', digits: 1 },
  ],
  rows: [
    { au: 'AU4', n: 2617, pct: 20.2429 },
    { au: 'L/R-AU12 & "x"', n: 460, pct: null },
  ],
  notes: ['Source: Table 5.'],
};

describe('table renderers', () => {
  it('Markdown: aligned header rule, digits applied, empty cell for null', () => {
    const md = tableToMarkdown(spec).split('\n');
    assert.equal(md[2], '| AU | n | pct (%) |');
    assert.equal(md[3], '| :-- | --: | --: |');
    assert.equal(md[4], '| AU4 | 2617 | 20.2 |');
    assert.equal(md[5], '| L/R-AU12 & "x" | 460 |  |');
  });

  it('LaTeX: booktabs rules and escaped specials', () => {
    const tex = tableToLatex(spec);
    assert.match(tex, /\\begin\{tabular\}\{lrr\}\n\\toprule\nAU & n & pct \(\\%\) \\\\\n\\midrule/);
    assert.match(tex, /L\/R-AU12 \\& "x" & 460 &  \\\\/);
    assert.match(tex, /\\bottomrule/);
  });

  it('CSV: RFC 4180 quoting, full precision', () => {
    assert.equal(tableToCsv(spec), 'AU,n,pct (%)\r\nAU4,2617,20.2429\r\n"L/R-AU12 & ""x""",460,\r\n');
  });

  it('HTML: escaped cells and the table id', () => {
    const html = tableToHtml(spec);
    assert.match(html, /<table class="melab-table" id="demo">/);
    assert.match(html, /<td style="text-align:left">L\/R-AU12 &amp; &quot;x&quot;<\/td>/);
    assert.match(html, /<td style="text-align:right">20.2<\/td>/);
  });
});
