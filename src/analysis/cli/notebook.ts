import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Command } from './command';
import { stringOption } from './command';
import { MelabError } from '../labels/issues';
import {
  executeNotebook, findNotebook, readNotebook, readNotebookOutputs, withParameters, type ParameterValue,
} from '../report/notebooks';

/** CLI option → notebook parameter; the values that name files are checked before Jupyter starts. */
const PARAMETERS: Record<string, { parameter: string; kind: 'file' | 'dir' | 'list' }> = {
  labels: { parameter: 'LABELS', kind: 'file' },
  predictions: { parameter: 'PREDICTIONS', kind: 'dir' },
  votes: { parameter: 'VOTES', kind: 'file' },
  coders: { parameter: 'CODERS', kind: 'file' },
  models: { parameter: 'MODELS', kind: 'list' }, // the two models to compare, "a,b"
};

function parameterValue(option: string, value: string): ParameterValue {
  const { kind } = PARAMETERS[option];
  if (kind === 'list') {
    const names = value.split(',').map((s) => s.trim()).filter(Boolean);
    if (names.length !== 2) throw new MelabError(`--${option} ${value}: name exactly two models`);
    return names;
  }
  const file = path.resolve(value); // the kernel runs in melab's notebooks folder, not here
  const stat = fs.existsSync(file) ? fs.statSync(file) : undefined;
  if (kind === 'file' && !stat?.isFile()) throw new MelabError(`--${option} ${value}: file not found`, value);
  if (kind === 'dir' && !stat?.isDirectory()) throw new MelabError(`--${option} ${value}: folder not found`, value);
  return file;
}

/** `melab notebook`: executes a copy of one of melab's notebooks with other parameters (report/notebooks.ts). */
const notebook: Command = {
  summary: 'run one of melab\'s notebooks on your own data (its parameters cell rewritten) and save the executed copy',
  usage: ['melab notebook NAME --out FILE.ipynb [--labels SHEET] [--predictions DIR] [--votes CSV] [--coders CSV] [--models A,B] [--timeout S]',
    'NAME: a notebook of notebooks/ by number or name (04, 04-model-review, model-review)',
    'each option sets one parameter of the notebook (LABELS, PREDICTIONS, VOTES, CODERS, MODELS); an option the notebook has no parameter for is an error',
    'exit 0 when every cell ran; 2 with the failing cell\'s error (the executed copy up to it is still written)'].join('\n'),
  options: {
    out: { type: 'string' }, timeout: { type: 'string' },
    ...Object.fromEntries(Object.keys(PARAMETERS).map((k) => [k, { type: 'string' as const }])),
  },
  async run(values, positionals) {
    if (positionals.length !== 1) throw new MelabError(`give exactly one notebook name (got ${positionals.length})`);
    const out = stringOption(values, 'out');
    if (!out) throw new MelabError('--out FILE.ipynb is required (where the executed copy goes)');
    if (!out.endsWith('.ipynb')) throw new MelabError(`--out ${out}: the executed copy is a notebook, name it *.ipynb`);
    const timeoutText = stringOption(values, 'timeout') ?? '600';
    const timeout = Number(timeoutText);
    if (!Number.isInteger(timeout) || timeout <= 0) throw new MelabError(`--timeout ${timeoutText}: seconds per cell, a positive integer`);
    const source = findNotebook(positionals[0]);
    const parameters: Record<string, ParameterValue> = {};
    for (const option of Object.keys(PARAMETERS)) {
      const v = stringOption(values, option);
      if (v !== undefined) parameters[PARAMETERS[option].parameter] = parameterValue(option, v);
    }
    const nb = withParameters(readNotebook(source), parameters, path.basename(source));
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'melab-notebook-'));
    try {
      const copy = path.join(tmp, path.basename(source));
      fs.writeFileSync(copy, JSON.stringify(nb, null, 1) + '\n');
      const result = await executeNotebook(copy, { output: path.resolve(out), cellTimeoutSeconds: timeout });
      const outputs = readNotebookOutputs(result.output);
      if (result.exitCode !== 0) {
        const why = [...outputs.errors, ...outputs.stderr.map((s) => s.trim().split('\n').find((l) => /Error|error/.test(l)) ?? s.trim().split('\n')[0])][0]
          ?? result.stderr.trim().split('\n').filter(Boolean).pop() ?? `exit ${result.exitCode}`;
        throw new MelabError(`${path.basename(source)} failed: ${why.trim()} (executed copy up to there: ${out})`);
      }
      process.stdout.write(`${out}: ${path.basename(source)} with ${Object.entries(parameters).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(', ') || 'its default parameters'}; ` +
        `${outputs.tableIds.length} table(s), ${outputs.figureIds.length} figure(s) in ${(result.ms / 1000).toFixed(1)} s\n`);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  },
};

export default notebook;
