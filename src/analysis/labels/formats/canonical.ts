/**
 * melab's canonical CSV, for any database without a reader of its own (spec: docs/formats.md).
 * Header names are the canonical columns: `dataset, part, subject, clip, onset, apex, offset, fps,
 * emotion, aus` (only subject and clip are required); `emotion_raw` / `aus_raw`, when present, are
 * the original strings and win over `emotion` / `aus` (which are then recomputed from them). Every
 * other column is kept as an extra. `toCanonicalCsv` writes this format.
 */
import { canonicalEmotion } from '../emotions';
import type { LabelFormat } from './format';
import { columnFormat, datasetColumnFit, normalizeHeader } from './format';

const columns = columnFormat({
  name: 'canonical',
  description: "melab's canonical CSV (dataset, part, subject, clip, onset, apex, offset, fps, emotion, aus, + extras)",
  dataset: null,
  fields: {
    dataset: ['dataset'],
    part: ['part'],
    subject: ['subject'],
    clip: ['clip'],
    onset: ['onset'],
    apex: ['apex'],
    offset: ['offset'],
    fps: ['fps'],
    emotion: ['emotionraw', 'emotion'],
    aus: ['ausraw', 'aus'],
  },
  required: ['subject', 'clip'],
  cues: ['emotionraw', 'ausraw'],
  recomputed: ['emotion', 'aus'],
  matchContent(rows, headerIndex, col) {
    const fit = datasetColumnFit(rows, headerIndex, col('dataset'));
    return { ...fit, fit: Math.max(fit.fit, 0.5) };
  },
  headers: ['dataset', 'part', 'subject', 'clip', 'onset', 'apex', 'offset', 'fps', 'emotion', 'aus', 'emotion_raw', 'aus_raw'],
  quirks: ['emotion_raw / aus_raw win over emotion / aus when both are present', 'dataset defaults to --dataset, else "unknown"'],
});

/** The canonical columns name every column of a canonical sheet: with emotion_raw / aus_raw, or dataset + clip, the rest are its extras. */
export const canonicalFormat: LabelFormat = {
  ...columns,
  matchHeader(norm) {
    const h = columns.matchHeader?.(norm) ?? null;
    if (!h) return null;
    const own = h.cues.length > 0 || (norm.includes('dataset') && norm.includes('clip') && (norm.includes('part') || norm.includes('fps')));
    return own ? { ...h, fit: 1, cues: h.cues.length > 0 ? h.cues : ['dataset', 'clip', 'part/fps'] } : h;
  },
  parse(rows, headerIndex, ctx) {
    const parsed = columns.parse(rows, headerIndex, ctx);
    // beside emotion_raw, the canonical emotion column decides (a class id "3" read as objective-III stays objective-III)
    const norm = rows[headerIndex].map(normalizeHeader);
    const e = norm.includes('emotionraw') ? norm.indexOf('emotion') : -1;
    if (e >= 0) {
      for (const rec of parsed.records) {
        const v = (rows[rec.row - 1][e] ?? '').trim();
        if (v !== '') rec.emotion = canonicalEmotion(v);
      }
    }
    return parsed;
  },
};
