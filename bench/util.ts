import { execFileSync } from 'node:child_process';

/** Best-of-n wall time in milliseconds of fn (first run included: no warm-up is hidden). */
export async function timeMs(fn: () => unknown | Promise<unknown>, repeats = 3): Promise<number> {
  let best = Infinity;
  for (let i = 0; i < repeats; i++) {
    const t0 = process.hrtime.bigint();
    await fn();
    best = Math.min(best, Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return best;
}

/** Runs a Python reference script with Debian's /usr/bin/python3; it prints JSON {ms: number, ...}. */
export function pythonReference(script: string, args: string[] = []): Record<string, number> {
  const out = execFileSync('/usr/bin/python3', ['-c', script, ...args], { encoding: 'utf8', maxBuffer: 1 << 26 });
  return JSON.parse(out.trim().split('\n').pop() as string);
}

/** Prints one line: what, melab ms, reference ms, and the ratio (reference / melab; > 1 means melab is faster). */
export function report(what: string, melabMs: number, refName: string, refMs: number): void {
  const ratio = refMs / melabMs;
  console.log(`${what}: melab ${melabMs.toFixed(0)} ms | ${refName} ${refMs.toFixed(0)} ms | ${refName}/melab = ${ratio.toFixed(2)}×`);
}
