/**
 * Every function of the public API (src/analysis/index.ts: the top-level entry points and each
 * area namespace) carries an `@example` in its JSDoc, and every example runs: it is transpiled
 * (TypeScript → CommonJS, no type check) and executed with `melab` bound to the API, where
 * `console.assert` throws. An example must assert something (a console.assert). Deprecated
 * aliases are exempt (they point at the documented name).
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';
import * as melab from '../../src/analysis';

const ROOT = path.resolve(__dirname, '..', '..');
const INDEX = path.join(ROOT, 'src', 'analysis', 'index.ts');

interface ApiFunction {
  /** Name as a notebook writes it: melab.show, melab.stats.datasetProfile. */
  name: string;
  examples: string[];
  file: string;
}

/** The exported functions reachable from the index (namespaces followed), with their @example texts. */
function apiFunctions(): ApiFunction[] {
  const config = ts.getParsedCommandLineOfConfigFile(path.join(ROOT, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined });
  if (!config) throw new Error('tsconfig.json unreadable');
  const program = ts.createProgram([INDEX], config.options);
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(INDEX);
  if (!source) throw new Error(`${INDEX} not in the program`);
  const out: ApiFunction[] = [];
  const seen = new Set<string>();
  const visit = (moduleSymbol: ts.Symbol, prefix: string): void => {
    for (const exported of checker.getExportsOfModule(moduleSymbol)) {
      const name = `${prefix}.${exported.name}`;
      const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      if (symbol.flags & ts.SymbolFlags.ValueModule && symbol.declarations?.some(ts.isSourceFile)) {
        visit(symbol, name);
        continue;
      }
      const decl = symbol.valueDeclaration ?? symbol.declarations?.[0];
      if (!decl) continue;
      const isFunction = symbol.flags & ts.SymbolFlags.Function
        || (symbol.flags & ts.SymbolFlags.Variable && checker.getTypeOfSymbolAtLocation(symbol, decl).getCallSignatures().length > 0);
      if (!isFunction) continue;
      // the alias's own JSDoc (a deprecated flat name) or the declaration's
      const aliasDecl = exported.declarations?.[0];
      const aliasTags = aliasDecl ? ts.getJSDocTags(aliasDecl) : [];
      const tags = [...aliasTags, ...symbol.getJsDocTags(checker)];
      if (tags.some((t) => t.name === 'deprecated')) continue;
      if (seen.has(name)) continue;
      seen.add(name);
      out.push({
        name,
        file: path.relative(ROOT, decl.getSourceFile().fileName),
        examples: symbol.getJsDocTags(checker).filter((t) => t.name === 'example').map((t) => ts.displayPartsToString(t.text)),
      });
    }
  };
  const indexSymbol = checker.getSymbolAtLocation(source);
  if (!indexSymbol) throw new Error('index.ts has no module symbol');
  visit(indexSymbol, 'melab');
  return out;
}

/**
 * An expected value written as the paper's convention in these examples, `expr // 0.05` or
 * `expr // [0.03, 0.04, 0.04]`: a literal (number, quoted string, boolean, array or object; `...`
 * or `…` marks an elided tail). Returns undefined when the comment is prose, not a value.
 */
function expectedLiteral(comment: string): string | undefined {
  const text = comment.trim().replace(/\s+\(.*\)\s*$/, '').replace(/\s+(=|—|-)\s.*$/, '');
  if (/^-?\d/.test(text)) return /^-?\d+(\.\d+)?(e-?\d+)?(\.\.\.|…)?$/.test(text) ? text : undefined;
  if (/^(true|false|null)$/.test(text) || /^'[^']*'$/.test(text)) return text;
  if (/^[[{]/.test(text)) return text;
  return undefined;
}

/** Deep comparison of a computed value with an expected literal's value; numbers to the printed precision. */
function matches(actual: unknown, expected: unknown, printed: string): boolean {
  if (typeof expected === 'number') {
    if (typeof actual !== 'number') return false;
    const m = /\.(\d+)/.exec(printed);
    const tol = m ? 10 ** -m[1].length : 0.5;
    return Math.abs(actual - expected) <= tol;
  }
  if (Array.isArray(expected)) {
    const a = Array.from(actual as ArrayLike<unknown>);
    return a.length === expected.length && expected.every((e, i) => matches(a[i], e, printed));
  }
  if (typeof expected === 'object' && expected !== null) {
    return typeof actual === 'object' && actual !== null
      && Object.entries(expected).every(([k, v]) => matches((actual as Record<string, unknown>)[k], v, printed));
  }
  return actual === expected;
}

/** `expr // literal` lines become checks; the others stay as they are. Returns the code and how many checks. */
function withChecks(code: string): { code: string; checks: number } {
  let checks = 0;
  const lines = code.split('\n').map((line) => {
    const m = /^(\s*)(?!const |let |for |if |import )([^/]*?[\w)\]])\s*;?\s*\/\/\s*(.+)$/.exec(line);
    if (!m) return line;
    const literal = expectedLiteral(m[3]);
    if (literal === undefined) return line;
    const elided = /\.\.\.|…/.test(literal);
    const cleaned = literal.replace(/,\s*(\.\.\.|…)\s*(?=[\]}])/g, '').replace(/(\d)(\.\.\.|…)/g, '$1');
    if (elided && /^\[/.test(cleaned)) return line; // an elided array has no length to compare
    checks++;
    return `${m[1]}__check(${m[2]}, ${JSON.stringify(cleaned)});`;
  });
  return { code: lines.join('\n'), checks };
}

function check(actual: unknown, literal: string): void {
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  const expected = new Function(`return (${literal});`)() as unknown;
  if (!matches(actual, expected, literal)) throw new Error(`example expected ${literal}, got ${JSON.stringify(actual)}`);
}

/** True when an example checks something: a console.assert or an `expr // value` line. */
function asserts(code: string): boolean {
  return /console\.assert\(/.test(code) || withChecks(code).checks > 0;
}

/**
 * Runs one example. Its free names resolve to the API: `melab`, the top-level entry points, and the
 * members of its own area namespace (an example in stats/ may write `datasetProfile(labels)`);
 * `labels` is the default label table, `fs` and `path` are Node's. console.assert throws.
 */
async function runExample(code: string, area?: string): Promise<void> {
  const body = withChecks(code.replace(/^```\w*\n?|```\s*$/gm, '')).code;
  const js = ts.transpileModule(`export async function example(__scope: any, console: any, __check: any) {\nconst { ${scopeNames(area).join(', ')} } = __scope;\n{\n${body}\n}\n}`, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
  }).outputText;
  const mod: { exports: { example?: (scope: unknown, c: unknown, chk: unknown) => Promise<void> } } = { exports: {} };
  new Function('exports', 'module', 'require', js)(mod.exports, mod, require);
  const quiet = {
    ...console,
    log: () => undefined,
    assert: (ok: unknown, ...what: unknown[]) => { if (!ok) throw new Error(`console.assert failed${what.length ? ': ' + what.join(' ') : ''}`); },
  };
  // show() and showTable() write to stdout outside a notebook; keep the test output readable
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = (() => true) as typeof process.stdout.write;
  try {
    await mod.exports.example!(scopeOf(area), quiet, check);
  } finally {
    process.stdout.write = write;
  }
}

const api = melab as unknown as Record<string, Record<string, unknown>>;
const AREAS = ['labels', 'stats', 'reliability', 'protocol', 'figures', 'report', 'synthetic'];
let defaultLabels: melab.LabelTable | undefined;

function scopeOf(area?: string): Record<string, unknown> {
  defaultLabels ??= melab.loadDefaultLabels();
  return { ...api, ...(area ? api[area] : {}), melab, labels: defaultLabels, fs, path };
}

function scopeNames(area?: string): string[] {
  return Object.keys(scopeOf(area)).filter((n) => /^[A-Za-z_$][\w$]*$/.test(n) && !AREAS.includes(n) || n === 'labels');
}

describe('public API: every function has an @example, and every example runs', function () {
  this.timeout(300000);
  const fns = apiFunctions();

  it('finds the curated API (entry points and every area namespace)', () => {
    const names = new Set(fns.map((f) => f.name));
    for (const n of ['melab.show', 'melab.readLabels', 'melab.toDanfo', 'melab.fromArquero', 'melab.stats.datasetProfile', 'melab.reliability.fleissKappa', 'melab.protocol.table8', 'melab.report.showSpec']) {
      assert.ok(names.has(n), `${n} not found among ${fns.length} API functions`);
    }
    // no flat aliases: area functions are reached through their namespace only
    for (const n of ['datasetProfile', 'fleissKappa', 'table8', 'seededRandom', 'cohenKappaFromTable']) assert.ok(!(n in melab), `melab.${n} is exported`);
    // names that read as something else stay internal (issue 13)
    for (const n of ['melab.stats.countByEmotion', 'melab.protocol.labelHasAu']) assert.ok(!names.has(n), `${n} is exported`);
  });

  it('every API function has an @example that asserts something', () => {
    const missing = fns.filter((f) => f.examples.length === 0).map((f) => `${f.name} (${f.file})`);
    assert.deepEqual(missing, [], `functions without an @example:\n  ${missing.join('\n  ')}`);
    const unasserted = fns.filter((f) => f.examples.some((e) => !asserts(e))).map((f) => `${f.name} (${f.file})`);
    assert.deepEqual(unasserted, [], `examples that assert nothing (add a console.assert or an "expr // value" line):\n  ${unasserted.join('\n  ')}`);
  });

  for (const f of fns) {
    f.examples.forEach((code, i) => {
      it(`${f.name} example ${i + 1} runs`, async () => {
        await runExample(code, f.name.split('.').length === 3 ? f.name.split('.')[1] : undefined);
      });
    });
  }

  it('the API reference (npm run docs: TypeDoc, warnings are errors) builds without a warning', () => {
    const run = spawnSync(process.execPath, [path.join(ROOT, 'node_modules', 'typedoc', 'bin', 'typedoc'), '--emit', 'none'], { cwd: ROOT, encoding: 'utf8' });
    const said = `${run.stdout}${run.stderr}`;
    assert.doesNotMatch(said, /warning|error/i, said);
    assert.equal(run.status, 0, said);
  });

  it('a failing console.assert or a wrong "// value" fails an example (the runner can fail)', async () => {
    await assert.rejects(runExample('console.assert(melab.labels.isLabelTable({}), "not a label table");'), /console\.assert failed: not a label table/);
    await assert.rejects(runExample('benjaminiHochberg([0.01, 0.04, 0.03]) // [0.03, 0.04, 0.05]', 'stats'), /expected \[0\.03, 0\.04, 0\.05\]/);
    await runExample('benjaminiHochberg([0.01, 0.04, 0.03]) // [0.03, 0.04, 0.04]', 'stats');
    await runExample("fisherExactTest(8, 2, 1, 5).p // 0.034965034965035 (scipy)", 'stats');
    assert.equal(asserts('auEmotionAssociation(labels).tests.filter((t) => t.fisherQ < 0.05)'), false);
  });
});
