/*
 * melab's addition to tslab's Jupyter kernel, preloaded into it (`node --require`, through the
 * NODE_OPTIONS that scripts/register-kernel.sh writes into kernel.json's env).
 *
 * When a cell fails, tslab prints the error on stderr and answers the execute request with
 * `status: "error"` alone, so nbclient / nbconvert report "<Error>: " and nothing else. This hook
 * remembers what the cell's executor printed as its error (the thrown value, or TypeScript's
 * diagnostics) and adds the Jupyter fields `ename`, `evalue` and `traceback` to that reply; nbconvert
 * then says e.g. `MelabError: /data/x.csv not found`.
 *
 * It wraps two of tslab's functions (tslab 1.0.x: dist/executor.js createExecutor, dist/jupyter.js
 * JupyterHandlerImpl.handleExecute), only in a process started as `tslab kernel`, and takes itself
 * out of NODE_OPTIONS so that the node processes a cell starts do not load it.
 */
'use strict';
const util = require('node:util');

/** ename / evalue / traceback from what a failing cell printed: console.error's argument lists. */
function errorFields(lists) {
  const thrown = lists.find((args) => args.length === 1);
  if (thrown) {
    const e = thrown[0];
    const isError = typeof e === 'object' && e !== null && typeof e.message === 'string';
    const ename = isError ? String(e.name || (e.constructor && e.constructor.name) || 'Error') : 'Error';
    const evalue = isError ? e.message : util.inspect(e);
    // the stack, when it says more than the one line nbclient prints anyway ("ename: evalue")
    const text = util.inspect(e);
    return { ename, evalue, traceback: text === `${ename}: ${evalue}` ? [] : text.split('\n') };
  }
  if (lists.length > 0) {
    // TypeScript's diagnostics: one console.error("%s%d:%d - %s", file, line, column, message) each
    const lines = lists.map((args) => util.format(...args));
    return { ename: 'TypeScript', evalue: lines.join('\n'), traceback: [] };
  }
  return { ename: 'Error', evalue: 'the cell failed (its output says why)', traceback: [] };
}

function hookTslab() {
  const executor = require('tslab/dist/executor');
  const jupyter = require('tslab/dist/jupyter');
  /** What the executor printed as errors during the current cell. */
  let printed = [];
  const createExecutor = executor.createExecutor;
  executor.createExecutor = function (rootDir, convs, console) {
    const error = (...args) => {
      printed.push(args);
      console.error(...args);
    };
    return createExecutor.call(this, rootDir, convs, { ...console, error });
  };
  const handleExecute = jupyter.JupyterHandlerImpl.prototype.handleExecute;
  jupyter.JupyterHandlerImpl.prototype.handleExecute = async function (req, writeStream, writeDisplayData) {
    printed = [];
    const reply = await handleExecute.call(this, req, writeStream, writeDisplayData);
    if (reply && reply.status === 'error') Object.assign(reply, errorFields(printed));
    printed = [];
    return reply;
  };
}

if (process.env.NODE_OPTIONS) {
  const rest = process.env.NODE_OPTIONS.replace(/--require[= ]("[^"]*melab-kernel\.js"|\S*melab-kernel\.js)/, '').trim();
  if (rest) process.env.NODE_OPTIONS = rest;
  else delete process.env.NODE_OPTIONS;
}
if (/tslab$/.test(process.argv[1] || '') && process.argv[2] === 'kernel') hookTslab();

module.exports = { errorFields };
