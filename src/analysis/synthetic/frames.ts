/** Onset, apex and offset frames of a synthetic ME that obey the paper's ME duration rule (Sec. 3.3.2). */
import type { Random } from '../util/random';
import { ME_MAX_ONSET_APEX_SECONDS, ME_MAX_TOTAL_SECONDS } from './paper-targets';

export interface KeyFrames {
  onset: number;
  apex: number;
  offset: number;
}

/**
 * Sec. 3.3.2: a clip is an ME when f_offset − f_onset + 1 ≤ 0.5 s × fps or f_apex − f_onset + 1 ≤ 0.25 s × fps
 * (at 500 fps: ≤ 250 or ≤ 125 frames).
 * @example isMicroExpression({ onset: 1, apex: 100, offset: 250 }, 500) // true
 */
export function isMicroExpression(frames: KeyFrames, fps: number): boolean {
  return frames.offset - frames.onset + 1 <= ME_MAX_TOTAL_SECONDS * fps
    || frames.apex - frames.onset + 1 <= ME_MAX_ONSET_APEX_SECONDS * fps;
}

/** Median and log-scale spread of the synthetic onset-to-offset duration (seconds): most MEs last 0.2–0.5 s. */
const MEDIAN_SECONDS = 0.32;
const LOG_SD = 0.28;
const MIN_SECONDS = 0.1;
const MAX_SECONDS = 0.8;

/**
 * Draws the key frames of one ME starting at `onset` at the given frame rate: a log-normal duration
 * (median 0.32 s), the apex 30–60 % of the way; a clip longer than 0.5 s gets its apex within 0.25 s
 * of the onset so that it still satisfies the ME rule.
 */
export function drawKeyFrames(rng: Random, onset: number, fps: number): KeyFrames {
  const seconds = Math.min(MAX_SECONDS, Math.max(MIN_SECONDS, MEDIAN_SECONDS * Math.exp(LOG_SD * rng.normal())));
  const length = Math.max(3, Math.round(seconds * fps));
  let rise = Math.round((0.3 + 0.3 * rng.next()) * (length - 1));
  if (length > Math.floor(ME_MAX_TOTAL_SECONDS * fps)) rise = Math.min(rise, Math.floor(ME_MAX_ONSET_APEX_SECONDS * fps) - 1);
  return { onset, apex: onset + rise, offset: onset + length - 1 };
}
