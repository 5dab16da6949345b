import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  DEFAULT_SYNTHETIC_SEED, dfmePaper, generateSyntheticDfme, SYNTHETIC_FILES, syntheticFiles, writeSyntheticDfme,
} from '../../src/analysis/synthetic';
import { annotationSpecs, paperTableSpecs } from './specs';
import { PAPER_EMOTION_IDS, PAPER_TABLE1, PAPER_TABLE5, PAPER_TABLE6, PAPER_TABLE7, PAPER_TABLE7_SHARED } from './paper-numbers';
import { assertClose } from '../helpers/close';

const DATA = path.join(__dirname, '..', '..', 'data');
const ROOT = path.join(__dirname, '..', '..');
/** The second seed every check below also runs on, generated once. */
const OTHER_SEED = 12345;
let otherData: ReturnType<typeof generateSyntheticDfme> | null = null;
const other = () => (otherData ??= generateSyntheticDfme({ seed: OTHER_SEED }));

describe('synthetic DFME generator', () => {
  const fresh = generateSyntheticDfme();

  it(`the committed data/ files equal a fresh generation with the default seed ${DEFAULT_SYNTHETIC_SEED}, byte for byte`, () => {
    assert.equal(fresh.seed, DEFAULT_SYNTHETIC_SEED);
    const files = syntheticFiles(fresh);
    assert.deepEqual(Object.keys(files).sort(), Object.values(SYNTHETIC_FILES).sort());
    for (const [name, text] of Object.entries(files)) {
      assert.ok(fs.readFileSync(path.join(DATA, name)).equals(Buffer.from(text)), `data/${name} differs from "melab synth" output`);
    }
  });

  it('is deterministic for a seed, and another seed gives other data', () => {
    assert.deepEqual(syntheticFiles(generateSyntheticDfme({ seed: DEFAULT_SYNTHETIC_SEED })), syntheticFiles(fresh));
    assert.notEqual(syntheticFiles(other())[SYNTHETIC_FILES.labels], syntheticFiles(fresh)[SYNTHETIC_FILES.labels]);
  });

  it('reports the calibrated agreement it reached: kappa 0.72 and R 0.83 to 0.001', () => {
    assertClose(fresh.votes.kappa, 0.72, 0.001, 'kappa');
    assertClose(fresh.coders.R, 0.83, 0.001, 'R');
  });

  it('rejects a seed that is not a 32-bit unsigned integer', () => {
    assert.throws(() => generateSyntheticDfme({ seed: -1 }), RangeError);
    assert.throws(() => generateSyntheticDfme({ seed: 1.5 }), RangeError);
  });

  it('paper-targets.ts holds the paper numbers as transcribed independently for the tests (Tables 1, 5, 6, 7; Sec. 3.3.3)', () => {
    for (const p of dfmePaper.TABLE1_DFME_PARTS) {
      const t = PAPER_TABLE1[p.part];
      assert.deepEqual([p.participants, p.male, p.female, p.fps, p.samples, p.width, p.height], [t.participants, t.male, t.female, t.fps, t.samples, 1024, 768]);
      assert.deepEqual(p.emotions, t.emotions);
    }
    assert.deepEqual(Object.fromEntries(dfmePaper.TABLE5_AU_COUNTS.map((e) => [e.key, e.count])), PAPER_TABLE5);
    assert.equal(dfmePaper.TABLE5_TOTAL, Object.values(PAPER_TABLE5).reduce((a, b) => a + b, 0));
    assert.deepEqual(dfmePaper.TABLE6_AU_PERCENT, PAPER_TABLE6);
    assert.deepEqual(dfmePaper.TABLE7_COMBINATIONS, PAPER_TABLE7);
    assert.deepEqual(dfmePaper.TABLE7_SHARED_COMBINATIONS, PAPER_TABLE7_SHARED);
    assert.deepEqual(dfmePaper.DFME_EMOTION_IDS, PAPER_EMOTION_IDS);
  });
});

describe(`synthetic DFME data with another seed (${OTHER_SEED}) meets the same paper targets`, () => {
  let dir = '';
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'melab-synth-'));
    writeSyntheticDfme(other(), dir);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  describe('labels vs the paper', () => paperTableSpecs(() => dir));
  describe('emotion votes and AU coders', () => annotationSpecs(() => dir));
});

describe('melab synth', () => {
  const melab = (...args: string[]) => spawnSync(process.execPath, [path.join(ROOT, 'bin', 'melab.js'), 'synth', ...args], { encoding: 'utf8' });

  it('--seed N --out DIR writes the three files of generateSyntheticDfme({seed: N}) and --json names them', function () {
    this.timeout(120000);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'melab-synth-cli-'));
    try {
      const r = melab('--seed', String(OTHER_SEED), '--out', dir, '--json');
      assert.equal(r.status, 0, r.stderr);
      const out = JSON.parse(r.stdout);
      assert.equal(out.seed, OTHER_SEED);
      assert.equal(out.samples, 7526);
      assert.deepEqual([...out.files].sort(), Object.values(SYNTHETIC_FILES).map((f) => path.join(dir, f)).sort());
      for (const [name, text] of Object.entries(syntheticFiles(other()))) {
        assert.equal(fs.readFileSync(path.join(dir, name), 'utf8'), text, name);
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a bad --seed exits 2 with one line naming the option and value', () => {
    const r = melab('--seed', 'abc', '--out', os.tmpdir());
    assert.equal(r.status, 2);
    assert.equal(r.stderr.trim().split('\n').length, 1);
    assert.match(r.stderr, /--seed.*"abc"/);
  });
});
