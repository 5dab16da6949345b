/**
 * The ME/MaE duration rule of Sec. 3.3.2: a clip is a micro-expression when
 *   offset − onset + 1 ≤ 0.5 s × fps   OR   apex − onset + 1 ≤ 0.25 s × fps
 * (at 500 fps: ≤ 250 frames onset→offset or ≤ 125 frames onset→apex), a macro-expression otherwise.
 *
 * Which missing field leaves which half of the OR undecidable:
 * - no fps (or fps ≤ 0), or no onset: neither half can be computed → cannot be judged;
 * - no apex: only the onset–offset half can be computed. If it holds, the clip is an ME (one true half
 *   suffices). If it fails, the clip could still be an ME through the apex half → cannot be judged;
 * - no offset: symmetrically, an ME when the onset–apex half holds, otherwise cannot be judged;
 * - no apex and no offset: cannot be judged.
 * A half whose end frame lies before the onset (apex < onset, offset < onset) is treated like a missing
 * one: its frame count would be ≤ 0 and pass the test for a wrong reason.
 * A clip is a MaE only when both halves are computed and both fail.
 */
import type { Issue } from '../labels/issues';
import { sampleIdsOf, type LabelTable } from '../labels/model';
import { columnValues } from './columns';
import { num, plural, withSummary } from '../util/inspect-summary';

export interface DurationRuleOptions {
  /** Longest ME from onset to offset, in seconds (Sec. 3.3.2: 0.5). */
  maxTotalSeconds?: number;
  /** Longest ME from onset to apex, in seconds (Sec. 3.3.2: 0.25). */
  maxOnsetApexSeconds?: number;
}

export type DurationClass = 'ME' | 'MaE' | 'undecided';

export interface UndecidedClip {
  /** `subject/clip` (`dataset/subject/clip` in mixed tables). */
  sampleId: string;
  /** 0-based row in the label table. */
  index: number;
  /** 1-based row in the source file. */
  row: number;
  /** The canonical column that is missing or out of order (fps, onset, apex, offset). */
  column: string;
  reason: string;
}

export interface DurationResult {
  me: number;
  mae: number;
  undecided: number;
  /** Sample ids judged ME, and MaE, in row order. */
  meClips: string[];
  maeClips: string[];
  /** Clips that cannot be judged, each with the reason. */
  undecidedClips: UndecidedClip[];
  /** The class of every row, in row order. */
  classes: DurationClass[];
  /** The undecided clips as warnings (file, row, column), for `issues` lists. */
  issues: Issue[];
  options: Required<DurationRuleOptions>;
}

const isFrame = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/**
 * Classifies every clip of a label table with the duration rule at each row's own frame rate.
 * @example
 * const r = melab.stats.classifyDurations(melab.loadDefaultLabels());  // .undecidedClips lists the rest with reasons
 * console.assert(r.me + r.mae + r.undecided === 7526 && r.classes.length === 7526);
 */
export function classifyDurations(labels: LabelTable, opts: DurationRuleOptions = {}): DurationResult {
  const options = { maxTotalSeconds: opts.maxTotalSeconds ?? 0.5, maxOnsetApexSeconds: opts.maxOnsetApexSeconds ?? 0.25 };
  const onset = columnValues<number | null>(labels, 'onset');
  const apex = columnValues<number | null>(labels, 'apex');
  const offset = columnValues<number | null>(labels, 'offset');
  const fps = columnValues<number | null>(labels, 'fps');
  const n = onset.length;
  const ids = sampleIdsOf(labels);
  const classes: DurationClass[] = new Array(n);
  const meClips: string[] = [];
  const maeClips: string[] = [];
  const undecidedClips: UndecidedClip[] = [];
  const undecided = (i: number, column: string, reason: string): void => {
    classes[i] = 'undecided';
    undecidedClips.push({ sampleId: ids[i], index: i, row: labels.sourceRows[i] ?? i + 2, column, reason });
  };
  for (let i = 0; i < n; i++) {
    const f = fps[i];
    const on = onset[i];
    if (!isFrame(f) || f <= 0) {
      undecided(i, 'fps', isFrame(f) ? `frame rate ${f} is not positive` : 'missing fps: neither half of the rule can be computed');
      continue;
    }
    if (!isFrame(on)) {
      undecided(i, 'onset', 'missing onset: neither half of the rule can be computed');
      continue;
    }
    const totalLimit = options.maxTotalSeconds * f;
    const apexLimit = options.maxOnsetApexSeconds * f;
    const off = offset[i];
    const ap = apex[i];
    const total = isFrame(off) ? off - on + 1 : null;
    const rise = isFrame(ap) ? ap - on + 1 : null;
    const totalOk = total !== null && total >= 1 ? total <= totalLimit : null;
    const riseOk = rise !== null && rise >= 1 ? rise <= apexLimit : null;
    if (totalOk === true || riseOk === true) {
      classes[i] = 'ME';
      meClips.push(ids[i]);
    } else if (totalOk === false && riseOk === false) {
      classes[i] = 'MaE';
      maeClips.push(ids[i]);
    } else if (totalOk === null && riseOk === null) {
      const column = total === null && rise === null ? 'apex' : total === null ? 'offset' : 'apex';
      const what = [
        total === null ? 'missing offset' : `offset ${off} before onset ${on}`,
        rise === null ? 'missing apex' : `apex ${ap} before onset ${on}`,
      ];
      undecided(i, column, `${what.join(' and ')}: neither half of the rule can be computed`);
    } else if (totalOk === false) {
      const why = rise === null ? 'missing apex' : `apex ${ap} before onset ${on}`;
      undecided(i, 'apex', `${why}: offset−onset+1 = ${total} > ${totalLimit} frames (${options.maxTotalSeconds} s at ${f} fps), and the onset–apex half (≤ ${apexLimit} frames) cannot be computed`);
    } else {
      const why = total === null ? 'missing offset' : `offset ${off} before onset ${on}`;
      undecided(i, 'offset', `${why}: apex−onset+1 = ${rise} > ${apexLimit} frames (${options.maxOnsetApexSeconds} s at ${f} fps), and the onset–offset half (≤ ${totalLimit} frames) cannot be computed`);
    }
  }
  // a sheet without frames (MEGC2019's composite, CASME II's objective-class table): one line, not one per row
  const noFrames = n > 0 && undecidedClips.length === n && undecidedClips.every((u) => u.column === 'onset' || u.column === 'fps');
  const issues: Issue[] = noFrames ? [{
    file: labels.file, row: 0, column: undecidedClips[0].column, value: '', severity: 'warning',
    problem: `no clip has ${undecidedClips[0].column === 'onset' ? 'an onset frame' : 'a frame rate'}: the ME/MaE duration rule (Sec. 3.3.2) cannot judge any of the ${n} clips`,
  }] : undecidedClips.map((u) => ({
    file: labels.file, row: u.row, column: u.column, value: '', severity: 'warning',
    problem: `${u.sampleId}: cannot judge ME/MaE (Sec. 3.3.2 duration rule): ${u.reason}`,
  }));
  return withSummary({ me: meClips.length, mae: maeClips.length, undecided: undecidedClips.length, meClips, maeClips, undecidedClips, classes, issues, options }, summarizeDurations);
}

/** A cell's value: ME / MaE / undecided counts under the rule's limits (Sec. 3.3.2). */
function summarizeDurations(r: DurationResult): string {
  return `Duration rule (ME ≤ ${r.options.maxTotalSeconds} s onset–offset, ≤ ${r.options.maxOnsetApexSeconds} s onset–apex): ` +
    `${plural(r.me, 'ME')}, ${plural(r.mae, 'MaE')}, ${num(r.undecided)} undecided of ${plural(r.classes.length, 'clip')}`;
}
