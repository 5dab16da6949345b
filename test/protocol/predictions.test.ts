/**
 * The prediction export reader: round trips (CSV, JSON Lines, manifest), the bare CSV without manifest
 * or probabilities (class order sorted by name), and every kind of bad export rejected with a one-line
 * error naming file, row, column and value. The JSON Schema is checked with Python's jsonschema
 * (Debian's python3-jsonschema) against what the writer produces.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { MelabError } from '../../src/analysis/labels/issues';
import {
  readPredictionDir, readPredictions, writePredictions, type PredictionExportInput,
} from '../../src/analysis/protocol/predictions';
import { labelsOf, runPython, tmpDir } from './helpers';

const labels = labelsOf([
  ['s1', 'c1', 'happiness', '6+12'],
  ['s1', 'c2', 'disgust', '4+9'],
  ['s2', 'c1', 'anger', '4+L7'],
  ['s2', 'c3', 'happiness', 'R12'],
  ['s3', 'c1', 'disgust', '9+10'],
], 'labels.csv');

const input: PredictionExportInput = {
  model: 'toy',
  sampleIds: ['s1/c1', 's1/c2', 's2/c1', 's2/c3', 's3/c1'],
  subjects: ['s1', 's1', 's2', 's2', 's3'],
  datasets: ['dfme', 'dfme', 'dfme', 'dfme', 'dfme'],
  fold: [0, 0, 1, 1, 2],
  emotion: {
    classes: ['happiness', 'anger', 'disgust'],
    yTrue: ['happiness', 'disgust', 'anger', 'happiness', 'disgust'],
    yPred: ['happiness', 'anger', 'anger', 'disgust', 'disgust'],
    probs: [0.7, 0.2, 0.1, 0.1, 0.6, 0.3, 0.2, 0.5, 0.3, 0.3, 0.3, 0.4, 0.1, 0.1, 0.8],
  },
  manifest: { seed: 0, code_version: 'test', hardware: 'cpu', timings: { total_s: 1.5 }, created: '2024-01-01T00:00:00Z' },
};

/** Writes text to a fresh folder and reads it back; returns the error message, or '' when it reads. */
function errorOf(files: Record<string, string>, read = 'toy-emotion.csv', withLabels = true): string {
  const dir = tmpDir();
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  try {
    readPredictions(path.join(dir, read), withLabels ? { labels } : {});
    return '';
  } catch (err) {
    assert.ok(err instanceof MelabError, `a MelabError, not ${(err as Error).stack}`);
    assert.equal((err as Error).message.split('\n').length, 1, 'one line');
    return (err as Error).message;
  }
}

const HEADER = 'model,dataset,subject,sample_id,fold,y_true,y_pred,p_happiness,p_anger,p_disgust';
const GOOD = [
  HEADER,
  'toy,dfme,s1,s1/c1,0,happiness,happiness,0.7,0.2,0.1',
  'toy,dfme,s1,s1/c2,0,disgust,anger,0.1,0.6,0.3',
  'toy,dfme,s2,s2/c1,1,anger,anger,0.2,0.5,0.3',
];
const MANIFEST = JSON.stringify({ schema_version: '1.0', model: 'toy', task: 'emotion', classes: ['happiness', 'anger', 'disgust'] });
const csv = (lines: string[]) => lines.join('\n') + '\n';
const withRow = (i: number, line: string) => csv(GOOD.map((l, j) => (j === i ? line : l)));

describe('prediction export: reading', () => {
  it('CSV + manifest round trip: classes, labels as indices, probabilities, folds, row numbers', () => {
    const dir = tmpDir();
    const { file, manifest } = writePredictions(input, path.join(dir, 'toy-emotion.csv'));
    assert.equal(manifest, path.join(dir, 'toy-emotion.manifest.json'));
    const e = readPredictions(file, { labels });
    assert.equal(e.model, 'toy');
    assert.equal(e.task, 'emotion');
    assert.equal(e.manifest?.code_version, 'test');
    assert.deepEqual(e.emotion?.classes, ['happiness', 'anger', 'disgust']);
    assert.equal(e.emotion?.classOrder, 'manifest');
    assert.deepEqual(Array.from(e.emotion!.yTrue), [0, 2, 1, 0, 2]);
    assert.deepEqual(Array.from(e.emotion!.yPred), [0, 1, 1, 2, 2]);
    assert.deepEqual(Array.from(e.emotion!.probs!), input.emotion!.probs);
    assert.deepEqual(Array.from(e.fold), [0, 0, 1, 1, 2]);
    assert.deepEqual(Array.from(e.sourceRows), [2, 3, 4, 5, 6]);
    assert.equal(e.manifest?.folds, 3);
  });

  it('JSON Lines reads to the same export', () => {
    const dir = tmpDir();
    writePredictions(input, path.join(dir, 'toy-emotion.jsonl'));
    const a = readPredictions(path.join(dir, 'toy-emotion.jsonl'), { labels });
    const text = fs.readFileSync(path.join(dir, 'toy-emotion.jsonl'), 'utf8');
    assert.equal(JSON.parse(text.split('\n')[0]).fold, 0); // numbers stay numbers
    writePredictions(input, path.join(dir, 'b', 'toy-emotion.csv'));
    const b = readPredictions(path.join(dir, 'b', 'toy-emotion.csv'));
    assert.deepEqual(Array.from(a.emotion!.probs!), Array.from(b.emotion!.probs!));
    assert.deepEqual(a.sampleIds, b.sampleIds);
  });

  it('a bare CSV without manifest or probabilities: class order sorted by name, model from the file name', () => {
    const dir = tmpDir();
    fs.writeFileSync(path.join(dir, 'mine-emotion.csv'), 'sample_id,fold,y_true,y_pred\ns2/c1,0,Anger,happiness\ns1/c1,1,happiness,disgust\n');
    const e = readPredictions(path.join(dir, 'mine-emotion.csv'), { labels });
    assert.equal(e.model, 'mine');
    assert.equal(e.manifest, null);
    assert.deepEqual(e.emotion?.classes, ['anger', 'disgust', 'happiness']);
    assert.equal(e.emotion?.classOrder, 'sorted-names');
    assert.equal(e.emotion?.probs, null);
    assert.deepEqual(e.subjects, ['s2', 's1']); // from the label table
  });

  it('without manifest, probability columns give the class order', () => {
    const dir = tmpDir();
    fs.writeFileSync(path.join(dir, 'm-emotion.csv'), 'sample_id,fold,y_true,y_pred,p_disgust,p_anger\nx/1,0,anger,disgust,0.6,0.4\n');
    const e = readPredictions(path.join(dir, 'm-emotion.csv'));
    assert.deepEqual(e.emotion?.classes, ['disgust', 'anger']);
    assert.equal(e.emotion?.classOrder, 'probability-columns');
    assert.deepEqual([e.subjects[0], e.datasets[0]], ['x', '']); // parsed from subject/clip
  });

  it('AU exports: truth, scores, threshold from the manifest, checked against the label AUs (side ignored for AUn)', () => {
    const dir = tmpDir();
    const au: PredictionExportInput = {
      ...input, emotion: undefined,
      au: { aus: ['AU4', 'AU7', 'AU12'], truth: [0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 0, 1, 0, 0, 0], scores: [0.1, 0.2, 0.9, 0.8, 0.1, 0.3, 0.6, 0.4, 0.2, 0.3, 0.3, 0.45, 0, 0, 0], threshold: 0.4 },
    };
    writePredictions(au, path.join(dir, 'toy-au.csv'));
    const e = readPredictions(path.join(dir, 'toy-au.csv'), { labels });
    assert.equal(e.task, 'au');
    assert.equal(e.au?.threshold, 0.4);
    assert.deepEqual(e.au?.aus, ['AU4', 'AU7', 'AU12']);
    assert.equal(e.au?.truth[2 * 3 + 1], 1); // s2/c1 has L7 → AU7 present
  });

  it('readPredictionDir reads every export of a folder, sorted, and refuses two exports of one model and task', () => {
    const dir = tmpDir();
    writePredictions(input, path.join(dir, 'toy-emotion.csv'));
    writePredictions({ ...input, model: 'other' }, path.join(dir, 'other-emotion.csv'));
    assert.deepEqual(readPredictionDir(dir).map((e) => e.model), ['other', 'toy']);
    writePredictions(input, path.join(dir, 'toy-again-emotion.jsonl'));
    assert.throws(() => readPredictionDir(dir), /model "toy" task emotion is also exported/);
  });
});

describe('prediction export: each kind of bad export is rejected with its row named', () => {
  const cases: [string, Record<string, string>, RegExp, boolean?][] = [
    ['unknown sample id', { 'toy-emotion.csv': withRow(2, 'toy,dfme,s9,s9/c1,0,disgust,anger,0.1,0.6,0.3') }, /row 3, column sample_id, value "s9\/c1": unknown sample id/],
    ['duplicated sample id', { 'toy-emotion.csv': csv([...GOOD, 'toy,dfme,s1,s1/c1,0,happiness,anger,0.1,0.6,0.3']) }, /row 5, column sample_id, value "s1\/c1": duplicated sample id \(also row 2\)/],
    ['a sample in two folds', { 'toy-emotion.csv': csv([...GOOD, 'toy,dfme,s1,s1/c1,2,happiness,anger,0.1,0.6,0.3']) }, /row 5, column fold, value "2": sample "s1\/c1" in two folds \(fold 0 at row 2\)/],
    ['label disagreeing with the label table', { 'toy-emotion.csv': withRow(1, 'toy,dfme,s1,s1/c1,0,disgust,happiness,0.7,0.2,0.1') }, /row 2, column y_true, value "disgust": disagrees with the label table \(emotion "happiness" at labels.csv row 2\)/],
    ['subject disagreeing with the label table', { 'toy-emotion.csv': withRow(1, 'toy,dfme,s2,s1/c1,0,happiness,happiness,0.7,0.2,0.1') }, /row 2, column subject, value "s2": disagrees with the label table/],
    ['probability NaN', { 'toy-emotion.csv': withRow(2, 'toy,dfme,s1,s1/c2,0,disgust,anger,0.1,NaN,0.3') }, /row 3, column p_anger, value "NaN": not a number/],
    ['probability missing', { 'toy-emotion.csv': withRow(2, 'toy,dfme,s1,s1/c2,0,disgust,anger,0.1,,0.3') }, /row 3, column p_anger: not a number/],
    ['probability above 1', { 'toy-emotion.csv': withRow(2, 'toy,dfme,s1,s1/c2,0,disgust,anger,1.2,-0.5,0.3') }, /row 3, column p_happiness, value "1.2": outside \[0, 1\]/],
    ['probabilities not summing to 1', { 'toy-emotion.csv': withRow(1, 'toy,dfme,s1,s1/c1,0,happiness,happiness,0.7,0.2,0.2') }, /row 2, column p_\*, value "1.10000": probabilities sum to 1.10000, not 1 \(tolerance 0.001\)/],
    ['missing class (manifest class without its probability column)', {
      'toy-emotion.csv': csv(GOOD), 'toy-emotion.manifest.json': JSON.stringify({ schema_version: '1.0', model: 'toy', task: 'emotion', classes: ['happiness', 'anger', 'disgust', 'fear'] }),
    }, /row 1, column p_fear: missing probability column for class "fear"/],
    ['probability column of a class not in the manifest', {
      'toy-emotion.csv': csv(GOOD), 'toy-emotion.manifest.json': JSON.stringify({ schema_version: '1.0', model: 'toy', task: 'emotion', classes: ['happiness', 'disgust'] }),
    }, /row 1, column p_anger, value "p_anger": probability column for an unknown class "anger"/],
    ['unknown class name', { 'toy-emotion.csv': withRow(2, 'toy,dfme,s1,s1/c2,0,disgust,joyful,0.1,0.6,0.3'), 'toy-emotion.manifest.json': MANIFEST }, /row 3, column y_pred, value "joyful": unknown class name \(classes: happiness, anger, disgust\)/],
    ['missing label', { 'toy-emotion.csv': withRow(2, 'toy,dfme,s1,s1/c2,0,disgust,,0.1,0.6,0.3') }, /row 3, column y_pred: missing label/],
    ['fold not an integer', { 'toy-emotion.csv': withRow(3, 'toy,dfme,s2,s2/c1,1.5,anger,anger,0.2,0.5,0.3') }, /row 4, column fold, value "1.5": fold must be a non-negative integer/],
    ['fold beyond the manifest\'s folds', { 'toy-emotion.csv': csv(GOOD), 'toy-emotion.manifest.json': JSON.stringify({ schema_version: '1.0', model: 'toy', task: 'emotion', classes: ['happiness', 'anger', 'disgust'], folds: 1 }) }, /row 4, column fold, value "1": fold out of range \(the manifest says 1 folds: 0..0\)/],
    ['a fold of the manifest without rows', { 'toy-emotion.csv': csv(GOOD), 'toy-emotion.manifest.json': JSON.stringify({ schema_version: '1.0', model: 'toy', task: 'emotion', classes: ['happiness', 'anger', 'disgust'], folds: 3 }) }, /column fold, value "2": fold 2 has no predictions \(the manifest says 3 folds\)/],
    ['two models in one export', { 'toy-emotion.csv': withRow(3, 'other,dfme,s2,s2/c1,1,anger,anger,0.2,0.5,0.3') }, /row 4, column model, value "other": one model per export: expected "toy"/],
    ['manifest of another schema version', { 'toy-emotion.csv': csv(GOOD), 'toy-emotion.manifest.json': JSON.stringify({ schema_version: '2.0', model: 'toy', task: 'emotion', classes: ['happiness'] }) }, /toy-emotion.manifest.json, column schema_version, value "2.0": unsupported schema version/],
    ['manifest without classes for the emotion task', { 'toy-emotion.csv': csv(GOOD), 'toy-emotion.manifest.json': JSON.stringify({ schema_version: '1.0', model: 'toy', task: 'emotion' }) }, /manifest.json, column classes: classes must be a non-empty list of names/],
    ['missing required column', { 'toy-emotion.csv': 'model,fold,y_true,y_pred\ntoy,0,happiness,happiness\n' }, /row 1, column sample_id: missing column "sample_id"/],
    ['duplicated column', { 'toy-emotion.csv': 'sample_id,fold,y_true,y_pred,y_pred\ns1/c1,0,happiness,happiness,anger\n' }, /row 1, column y_pred, value "y_pred": duplicated column/],
    ['AU truth not 0/1', { 'toy-au.csv': 'sample_id,fold,au_true_AU4,au_score_AU4\ns1/c2,0,2,0.5\n' }, /row 2, column au_true_AU4, value "2": AU truth must be 0 or 1/],
    ['AU truth disagreeing with the label table', { 'toy-au.csv': 'sample_id,fold,au_true_AU4,au_score_AU4\ns1/c1,0,1,0.5\n' }, /row 2, column au_true_AU4, value "1": disagrees with the label table \(AUs "6\+12" at labels.csv row 2\)/],
    ['AU score column missing', { 'toy-au.csv': 'sample_id,fold,au_true_AU4,au_true_AU9,au_score_AU4\ns1/c2,0,1,1,0.5\n' }, /row 1, column au_score_AU9: missing column for AU "AU9"/],
    ['JSON Lines with a broken line', { 'toy-emotion.jsonl': '{"sample_id":"s1/c1","fold":0,"y_true":"happiness","y_pred":"happiness"}\n{"sample_id": \n' }, /toy-emotion.jsonl, row 2, value .*: not valid JSON/],
  ];
  for (const [what, files, pattern] of cases) {
    it(what, () => {
      const read = Object.keys(files).find((f) => !f.endsWith('.manifest.json')) as string;
      const message = errorOf(files, read);
      assert.match(message, pattern);
      assert.match(message, new RegExp(read.replace(/\.\w+$/, '')), 'names the export (or its manifest)');
    });
  }
  it('the good file itself reads (the cases above differ from it in one place each)', () => {
    assert.equal(errorOf({ 'toy-emotion.csv': csv(GOOD), 'toy-emotion.manifest.json': MANIFEST }), '');
  });
});

const JSONSCHEMA = `
import json, sys
from jsonschema import Draft202012Validator
data = json.load(open(sys.argv[1]))
schema = data['schema']
Draft202012Validator.check_schema(schema)
def ok(defn, value):
    return Draft202012Validator({'$ref': '#/$defs/' + defn, '$defs': schema['$defs']}).is_valid(value)
print(json.dumps({'manifests': [ok('manifest', m) for m in data['manifests']], 'rows': [ok('row', r) for r in data['rows']],
                  'root': [Draft202012Validator(schema).is_valid(x) for x in data['manifests'] + data['rows']]}))
`;

describe('prediction export: the JSON Schema', () => {
  it('is a valid draft 2020-12 schema; what melab writes conforms; bad manifests and rows do not', function () {
    this.timeout(30000);
    const dir = tmpDir();
    writePredictions(input, path.join(dir, 'toy-emotion.jsonl'));
    writePredictions({ ...input, emotion: undefined, au: { aus: ['AU4', 'L-AU12'], truth: Array(10).fill(0), scores: Array(10).fill(0.25) } }, path.join(dir, 'toy-au.jsonl'));
    const good = ['toy-emotion', 'toy-au'].map((s) => JSON.parse(fs.readFileSync(path.join(dir, `${s}.manifest.json`), 'utf8')));
    const rows = ['toy-emotion', 'toy-au'].flatMap((s) => fs.readFileSync(path.join(dir, `${s}.jsonl`), 'utf8').trim().split('\n').map((l) => JSON.parse(l)));
    const badManifests = [
      { ...good[0], schema_version: '0.9' },
      { schema_version: '1.0', model: 'x', task: 'emotion' },
      { ...good[1], threshold: 1.5 },
      { ...good[1], aus: ['smile'] },
    ];
    const badRows = [
      { ...rows[0], p_anger: 1.5 },
      { ...rows[0], fold: -1 },
      { sample_id: 'a/b', fold: 0 },
      { ...rows[6], au_true_AU4: 2 },
      { ...rows[0], y_pred: undefined },
      { ...rows[0], extra: 1 },
    ].map((r) => JSON.parse(JSON.stringify(r)));
    const schema = JSON.parse(fs.readFileSync('schema/prediction-export.schema.json', 'utf8'));
    const r = runPython(JSONSCHEMA, { schema, manifests: [...good, ...badManifests], rows: [...rows, ...badRows] });
    assert.deepEqual(r.manifests, [true, true, false, false, false, false]);
    assert.deepEqual(r.rows, [...rows.map(() => true), ...badRows.map(() => false)]);
    assert.ok(r.root.slice(0, 2).every(Boolean) && r.root.slice(6, 6 + rows.length).every(Boolean));
  });
});
