/**
 * `npm run bench`: runs every bench/*.bench.ts in turn. Each measures melab next to the reference
 * tool (pandas, statsmodels, scikit-learn) on the same data in the same run and prints the ratio.
 * Speed goals live here, never in timed tests. Pass names to run a subset: npm run bench -- kappa
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const files = fs.readdirSync(__dirname).filter((f) => f.endsWith('.bench.ts')).sort()
    .filter((f) => only.length === 0 || only.some((o) => f.includes(o)));
  console.log(`machine: ${os.cpus()[0]?.model ?? 'unknown CPU'} × ${os.cpus().length}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}`);
  for (const file of files) {
    console.log(`\n== ${file}`);
    const mod = await import(path.join(__dirname, file));
    await (mod.default as () => Promise<void>)();
  }
}

void main();
