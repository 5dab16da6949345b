/**
 * Issue 3's speed goal: on a 1,000,000-row label table (generated, seeded), the full Table 1 profile +
 * Table 5 (AU counts, L/R folding, 12-AU coverage) + Table 6 (percent of each emotion's samples per AU),
 * next to the same computation in pandas (Debian's python3-pandas) on the same data in the same run.
 * Goal: melab no slower than pandas.
 *
 * Only the computation is timed on both sides: the label table is built in memory (melab) and the CSV
 * is read by pandas before the clock starts. Best of 3 on each side. Both sides' results are compared
 * before the times are reported.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseAus } from '../src/analysis/labels/au';
import { labelColumn, makeLabelTable, type LabelRow } from '../src/analysis/labels/model';
import { loadDefaultLabels } from '../src/analysis/labels/read';
import type { Emotion } from '../src/analysis/labels/emotions';
import { auDistribution, auEmotionCooccurrence, datasetProfile } from '../src/analysis/stats';
import { seededRandom } from '../src/analysis/util/random';
import { pythonReference, report, timeMs } from './util';

const ROWS = 1_000_000;
const PARTS = [['A', 500], ['B', 300], ['C', 200]] as const;

/** 1M DFME-like rows: (emotion, AU cell) pairs drawn from the default data, ~11.5 clips per participant. */
function generate(): { rows: LabelRow[]; csv: string[] } {
  const base = loadDefaultLabels();
  const emotions = labelColumn(base, 'emotion');
  const cells = labelColumn(base, 'aus_raw');
  const rng = seededRandom(3);
  const rows: LabelRow[] = new Array(ROWS);
  const csv = ['dataset,part,subject,clip,fps,emotion,aus,gender'];
  let subject = 0;
  let left = 0;
  let gender = 'M';
  let part: (typeof PARTS)[number] = PARTS[0];
  for (let i = 0; i < ROWS; i++) {
    if (left === 0) {
      subject++;
      left = 1 + rng.int(22);
      gender = rng.int(2) ? 'M' : 'F';
      part = PARTS[rng.int(3)];
    }
    left--;
    const k = rng.int(emotions.length);
    const aus = parseAus(cells[k]).tokens;
    const id = `sub${subject}`;
    const clip = `${id}_${i}`;
    rows[i] = {
      dataset: 'dfme', part: part[0], subject: id, clip, onset: 1, apex: 20, offset: 60, fps: part[1],
      emotion: emotions[k] as Emotion, emotion_raw: String(emotions[k]), aus: aus as LabelRow['aus'], aus_raw: cells[k], gender,
    };
    csv.push(['dfme', part[0], id, clip, part[1], emotions[k] ?? '', aus.map((t) => t.code).join('+'), gender].join(','));
  }
  return { rows, csv };
}

const PANDAS = `
import sys, time, json
import pandas as pd
df = pd.read_csv(sys.argv[1], dtype={'fps': 'int64'}, keep_default_na=False)   # not timed
SUBSET = {'AU1','AU2','AU4','AU5','AU6','AU7','AU9','AU10','AU12','AU14','AU15','AU17'}

def compute():
    # Table 1 profile per dataset and part
    g = df.groupby(['dataset', 'part'], sort=False)
    profile = pd.DataFrame({'participants': g['subject'].nunique(), 'samples': g.size(),
                            'au_labelled': (df['aus'] != '').groupby([df['dataset'], df['part']]).sum()})
    fps = g['fps'].unique()
    people = df.drop_duplicates(['dataset', 'part', 'subject'])
    gender = people.groupby(['dataset', 'part', 'gender']).size()
    emotions = df[df['emotion'] != ''].groupby(['dataset', 'part', 'emotion']).size()
    # Table 5: one label per distinct code per sample, L/R/A variants folded into L/R-AUx, coverage
    tokens = df['aus'].str.split('+').explode()
    tokens = tokens[tokens != '']
    pairs = pd.DataFrame({'row': tokens.index, 'code': tokens.values}).drop_duplicates()
    by_code = pairs['code'].value_counts()
    paper = by_code.groupby(by_code.index.str.replace(r'^[LRA]-', 'L/R-', regex=True)).sum()
    total = int(by_code.sum())
    folded = by_code.groupby(by_code.index.str.replace(r'^[LRATB]-', '', regex=True)).sum()
    covered = int(folded[folded.index.isin(SUBSET)].sum())
    # Table 6: percent of each emotion's samples showing each (L/R-folded) AU
    pairs['key'] = pairs['code'].str.replace(r'^[LRA]-', 'L/R-', regex=True)
    shown = pairs[['row', 'key']].drop_duplicates()
    shown = shown.assign(emotion=df['emotion'].values[shown['row'].values])
    shown = shown[shown['emotion'] != '']
    n = df[df['emotion'] != ''].groupby('emotion').size()
    pct = shown.groupby(['emotion', 'key']).size().div(n, level='emotion') * 100
    return profile, fps, gender, emotions, paper, total, covered, pct

best = float('inf')
for _ in range(3):
    t0 = time.perf_counter()
    out = compute()
    best = min(best, (time.perf_counter() - t0) * 1000)
profile, fps, gender, emotions, paper, total, covered, pct = out
print(json.dumps({'ms': best, 'participants': int(profile['participants'].sum()), 'samples': int(profile['samples'].sum()),
  'male': int(gender.xs('M', level='gender').sum()), 'total': total, 'covered': covered,
  'lr12': int(paper.get('L/R-AU12', 0)), 'happiness_au12': float(pct.loc[('happiness', 'AU12')]),
  'sadness_au14': float(pct.loc[('sadness', 'AU14')])}))
`;

export default async function statsBench(): Promise<void> {
  const { rows, csv } = generate();
  const labels = makeLabelTable(rows, { format: 'dfme', extras: ['gender'] });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'melab-bench-stats-'));
  const file = path.join(dir, 'labels-1m.csv');
  try {
    fs.writeFileSync(file, csv.join('\n') + '\n');
    let result: { profile: ReturnType<typeof datasetProfile>; aus: ReturnType<typeof auDistribution>; co: ReturnType<typeof auEmotionCooccurrence> } | undefined;
    const ms = await timeMs(() => {
      result = { profile: datasetProfile(labels), aus: auDistribution(labels), co: auEmotionCooccurrence(labels) };
    });
    const ref = pythonReference(PANDAS, [file]);
    const r = result!;
    const pct = (emotion: string, code: string) => r.co.occurrences[emotion].find((o) => o.code === code)?.percent ?? NaN;
    const ours = {
      participants: r.profile.rows.reduce((s, x) => s + x.participants, 0),
      samples: r.profile.rows.reduce((s, x) => s + x.samples, 0),
      male: r.profile.rows.reduce((s, x) => s + (x.gender?.male ?? 0), 0),
      total: r.aus.total,
      covered: r.aus.subset.count,
      lr12: r.aus.rows.find((x) => x.key === 'L/R-AU12')?.count ?? 0,
      happiness_au12: pct('happiness', 'AU12'),
      sadness_au14: pct('sadness', 'AU14'),
    };
    const agree = (Object.keys(ours) as (keyof typeof ours)[]).every((k) => Math.abs(ours[k] - ref[k]) <= 1e-9 * Math.max(1, Math.abs(ref[k])));
    console.log(`stats: ${ours.samples.toLocaleString('en')} rows, ${ours.participants.toLocaleString('en')} participants, ${ours.total.toLocaleString('en')} AU labels; ` +
      `melab and pandas results ${agree ? 'agree' : `DIFFER: melab ${JSON.stringify(ours)} pandas ${JSON.stringify(ref)}`}`);
    report(`Table 1 profile + Table 5 + Table 6 on ${ROWS.toLocaleString('en')} rows (computation only, best of 3)`, ms, 'pandas', ref.ms);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
