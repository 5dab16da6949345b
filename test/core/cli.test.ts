import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';

describe('melab CLI', () => {
  it('an unknown command exits 2 with one line on stderr', () => {
    const r = spawnSync(process.execPath, ['bin/melab.js', 'frobnicate'], { encoding: 'utf8' });
    assert.equal(r.status, 2);
    assert.equal(r.stderr.trim().split('\n').length, 1);
    assert.match(r.stderr, /unknown command "frobnicate"/);
  });
});

describe('melab CLI output into a closed pipe', () => {
  it('ends quietly when the reader stops early (no EPIPE stack trace)', function () {
    this.timeout(60000);
    const r = spawnSync('bash', ['-c', 'node bin/melab.js splits | head -c 10 >/dev/null'], { encoding: 'utf8' });
    assert.equal(r.stderr, '');
  });
});
