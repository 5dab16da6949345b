/**
 * A progress bar on stderr for long CLI work (`melab report`), drawn by cli-progress. It draws only on a
 * terminal; in a log (CI, a pipe) or from a library call it stays quiet.
 */
import { SingleBar } from 'cli-progress';

export interface Progress {
  /** Advances by one step and names what is being done now. */
  step(what: string): void;
  /** Adds steps discovered along the way (e.g. the figures a section produced). */
  grow(steps: number): void;
  done(): void;
}

export interface ProgressOptions {
  stream?: NodeJS.WritableStream;
  /** false: draws nothing (library calls, tests). */
  enabled?: boolean;
}

export function createProgress(label: string, total: number, opts: ProgressOptions = {}): Progress {
  if (opts.enabled === false) return { step() {}, grow() {}, done() {} };
  const bar = new SingleBar({
    format: `${label} [{bar}] {value}/{total} {what}`,
    barCompleteChar: '#', barIncompleteChar: '.', barsize: 24, hideCursor: false, clearOnComplete: true,
    stream: opts.stream ?? process.stderr, // noTTYOutput stays false: nothing is written off a terminal
  });
  let steps = total;
  bar.start(steps, 0, { what: '' });
  return {
    step(what) {
      bar.increment(1, { what });
    },
    grow(n) {
      steps += n;
      bar.setTotal(steps);
    },
    done() {
      bar.update(steps);
      bar.stop();
    },
  };
}
