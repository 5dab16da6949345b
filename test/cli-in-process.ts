/** The `melab` CLI run in this process, for tests that call it many times (property tests). */
import { main } from '../src/analysis/cli';

/** Runs `melab ARGS` in this process (the CLI entry `main`), capturing stdout, stderr and the exit code. */
export async function melab(args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const out = process.stdout.write.bind(process.stdout);
  const err = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((s: string) => { stdout += s; return true; }) as typeof process.stdout.write;
  process.stderr.write = ((s: string) => { stderr += s; return true; }) as typeof process.stderr.write;
  const before = process.exitCode;
  try {
    process.exitCode = 0;
    await main(args);
    return { status: Number(process.exitCode ?? 0), stdout, stderr };
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
    process.exitCode = before;
  }
}
