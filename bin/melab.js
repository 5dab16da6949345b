#!/usr/bin/env node
// The `melab` command. In a checkout it runs the TypeScript sources through tsx (always current);
// an installed package without sources runs the compiled build in dist/.
const fs = require('fs');
const path = require('path');
const src = path.join(__dirname, '..', 'src', 'analysis', 'cli.ts');
if (fs.existsSync(src)) {
  require('tsx/cjs');
  require(src).main(process.argv.slice(2));
} else {
  require('../dist/cli.js').main(process.argv.slice(2));
}
