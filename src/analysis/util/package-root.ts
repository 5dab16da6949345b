/** The folder of melab's package.json, found from src/ or dist/ alike (data/ and schema/ live there), and its version. */
import * as fs from 'node:fs';
import * as path from 'node:path';

let root: string | undefined;

/** melab's package root: the nearest folder above this file whose package.json is named "melab". */
export function packageRoot(): string {
  if (root) return root;
  for (let dir = __dirname; ; ) {
    const pkg = path.join(dir, 'package.json');
    if (fs.existsSync(pkg)) {
      try {
        if ((JSON.parse(fs.readFileSync(pkg, 'utf8')) as { name?: string }).name === 'melab') return (root = dir);
      } catch {
        // not ours: keep looking
      }
    }
    const up = path.dirname(dir);
    if (up === dir) return (root = path.resolve(__dirname, '..', '..', '..'));
    dir = up;
  }
}

/** The version in melab's package.json ('unknown' when it cannot be read). */
export function packageVersion(): string {
  try {
    return (JSON.parse(fs.readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')) as { version?: string }).version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}
