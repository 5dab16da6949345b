/**
 * melab's canonical CSV, for any database without a reader of its own (spec: docs/formats.md).
 * Header names are the canonical columns: `dataset, part, subject, clip, onset, apex, offset, fps,
 * emotion, aus` (only subject and clip are required); `emotion_raw` / `aus_raw`, when present, are
 * the original strings and win over `emotion` / `aus` (which are then recomputed from them). Every
 * other column is kept as an extra. `toCanonicalCsv` writes this format.
 */
import type { LabelFormat } from './format';
import { columnFormat, datasetColumnFit } from './format';

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
};
