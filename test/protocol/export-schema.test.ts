/**
 * schema/prediction-export.schema.json is enforced when reading (issue 11, item 8): what the field
 * checks let through (a "created" that is no date, AU codes that are no AU, columns the schema does not
 * know) is refused by ajv, in one line naming the file, the row and the field; the validators are
 * compiled once; every shipped export is valid.
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { exportValidators, typedRow } from '../../src/analysis/protocol/export-schema';
import { readPredictionDir, readPredictions } from '../../src/analysis/protocol/predictions';
import { tmpDir } from './helpers';

const ROOT = path.resolve(__dirname, '..', '..');
const CSV = 'model,dataset,subject,sample_id,fold,y_true,y_pred\nm,dfme,s1,s1/a,0,anger,anger\nm,dfme,s2,s2/a,1,fear,anger\n';
const MANIFEST = { schema_version: '1.0', model: 'm', task: 'emotion', classes: ['anger', 'fear'], folds: 2, created: '2026-11-22T04:44:13Z' };

function write(name: string, csv: string, manifest?: object): string {
  const dir = tmpDir();
  const file = path.join(dir, `${name}.csv`);
  fs.writeFileSync(file, csv);
  if (manifest) fs.writeFileSync(path.join(dir, `${name}.manifest.json`), JSON.stringify(manifest));
  return file;
}

describe('the prediction export schema, enforced with ajv', () => {
  it('is compiled once per process', () => {
    assert.equal(exportValidators(), exportValidators());
  });

  it('a manifest "created" that is not a date-time is refused, naming the manifest and the field', () => {
    const file = write('m-emotion', CSV, { ...MANIFEST, created: 'not-a-date' });
    assert.throws(() => readPredictions(file), /m-emotion\.manifest\.json, column created, value "not-a-date": not a valid date-time/);
    assert.ok(readPredictions(write('m-emotion', CSV, MANIFEST)).manifest);
  });

  it('manifest AU codes must be AU codes: aus ["smile"] is refused', () => {
    const au = 'model,sample_id,fold,au_true_smile,au_score_smile\nm,s1/a,0,1,0.9\n';
    assert.throws(() => readPredictions(write('m-au', au, { schema_version: '1.0', model: 'm', task: 'au', aus: ['smile'] })),
      /m-au\.manifest\.json, column aus\.0, value "smile": does not match/);
  });

  it('a column the schema does not know is refused at the header; x_<name> columns are yours and kept', () => {
    const extra = CSV.replace('y_pred\n', 'y_pred,epoch\n').replace(/anger\n/g, 'anger,3\n');
    assert.throws(() => readPredictions(write('m-emotion', extra)), /row 1, column epoch, value "epoch": column "epoch" is not in the prediction export schema .*x_epoch/);
    const mine = CSV.replace('y_pred\n', 'y_pred,x_session\n').replace(/anger\n/g, 'anger,s1\n');
    const file = write('m-emotion', mine);
    assert.deepEqual(readPredictions(file, { keep: ['x_session'] }).extra.x_session, ['s1', 's1']);
    const r = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'melab.js'), 'metrics', '--predictions', file, '--by', 'x_session', '--json'], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(Object.keys(JSON.parse(r.stdout).by), ['s1']);
  });

  it('JSON Lines rows are validated as written: a negative fold is refused with its line', () => {
    const dir = tmpDir();
    const file = path.join(dir, 'm-emotion.jsonl');
    fs.writeFileSync(file, '{"sample_id":"s1/a","fold":0,"y_true":"anger","y_pred":"anger"}\n{"sample_id":"s2/a","fold":-1,"y_true":"fear","y_pred":"anger"}\n');
    assert.throws(() => readPredictions(file), /m-emotion\.jsonl, row 2, column fold/);
  });

  it('CSV cells are typed as the schema describes before validation', () => {
    assert.deepEqual(typedRow({ sample_id: 's/a', fold: '3', y_true: 'anger', p_anger: '0.25', au_true_AU4: '1', au_score_AU4: '1e-3', subject: '007', x_note: '' }),
      { sample_id: 's/a', fold: 3, y_true: 'anger', p_anger: 0.25, au_true_AU4: 1, au_score_AU4: 0.001, subject: '007' });
  });

  it('every shipped export and manifest is valid', () => {
    for (const dir of ['data/predictions', 'data/reference-baselines']) assert.ok(readPredictionDir(path.join(ROOT, dir)).length > 0, dir);
  });
});
