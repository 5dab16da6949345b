/**
 * A progress bar on stderr for long CLI work (`melab report`). On a terminal it redraws one line;
 * in a log (CI, a pipe) it prints one line per step so the log stays readable.
 */
export interface Progress {
  /** Advances by one step and names what is being done now. */
  step(what: string): void;
  /** Adds steps discovered along the way (e.g. the figures a section produced). */
  grow(steps: number): void;
  done(): void;
}

export interface ProgressOptions {
  stream?: NodeJS.WriteStream | { write(s: string): unknown; isTTY?: boolean };
  /** false: draws nothing (library calls, tests). */
  enabled?: boolean;
  width?: number;
}

/** The bar text for `done` of `total` steps, e.g. "[#######.............]  7/20". */
export function progressBar(done: number, total: number, width = 24): string {
  const t = Math.max(total, 1);
  const filled = Math.round((Math.min(done, t) / t) * width);
  const n = String(t).length;
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(done).padStart(n)}/${t}`;
}

export function createProgress(label: string, total: number, opts: ProgressOptions = {}): Progress {
  const stream = opts.stream ?? process.stderr;
  const enabled = opts.enabled ?? true;
  const tty = Boolean(stream.isTTY);
  let done = 0;
  let steps = total;
  const draw = (what: string): void => {
    if (!enabled) return;
    const line = `${label} ${progressBar(done, steps, opts.width)} ${what}`;
    if (tty) stream.write(`\r\x1b[2K${line.slice(0, (process.stderr.columns || 100) - 1)}`);
    else stream.write(line + '\n');
  };
  return {
    step(what) {
      done += 1;
      draw(what);
    },
    grow(n) {
      steps += n;
    },
    done() {
      done = steps;
      if (enabled && tty) stream.write('\r\x1b[2K');
    },
  };
}
