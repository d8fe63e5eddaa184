// Records the Lua 5.1 standard-library goldens from the real lua5.1 binary:
//   test/golden/lua-stdlib/format.json   string.format conversions, flags, widths, errors
//   test/golden/lua-stdlib/pattern.json  find/match/gmatch/gsub (hand-written + generated)
//   test/golden/lua-stdlib/library.json  every other string/table/math/os function (engine)
// Each file holds the cases and the line lua5.1 printed for each (see test/lua/stdlib-cases.ts).
// Run: npm run golden:record -- lua-stdlib   (needs lua5.1 on PATH)

import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Case, GoldenFile, LUA_PRELUDE, RECORD_BATCH, casesToLua, luaArg, storeCase } from '../lua/stdlib-cases';
import { formatCases } from './lua-stdlib/format-cases';
import { patternCases } from './lua-stdlib/pattern-cases';
import { libraryCases } from './lua-stdlib/library-cases';

const outDir = path.join(process.cwd(), 'test', 'golden', 'lua-stdlib');

function runLua(cases: Case[]): string[] {
  const lines: string[] = [];
  const BATCH = RECORD_BATCH;
  for (let i = 0; i < cases.length; i += BATCH) {
    const batch = cases.slice(i, i + BATCH);
    // Both the prelude and the cases are chunks named "=stdlib", whose error positions the
    // prelude cuts from messages.
    const program = 'assert(loadstring(' + luaArg(LUA_PRELUDE) + ', "=stdlib"))()\n' +
      'assert(loadstring(' + luaArg(casesToLua(batch)) + ', "=stdlib"))()\n';
    const file = path.join(require('node:os').tmpdir(), `record-lua-stdlib-${process.pid}.lua`);
    fs.writeFileSync(file, program, 'latin1');
    const res = spawnSync('lua5.1', [file], { encoding: 'latin1', maxBuffer: 256 * 1024 * 1024, timeout: 60000 });
    fs.unlinkSync(file);
    if (res.status !== 0) throw new Error('lua5.1 failed: ' + res.stderr);
    const out = res.stdout.split('\n');
    if (out[out.length - 1] === '') out.pop();
    if (out.length !== batch.length) throw new Error(`expected ${batch.length} lines, got ${out.length}`);
    lines.push(...out);
  }
  return lines;
}

function record(name: string, cases: Case[]): void {
  const version = spawnSync('lua5.1', ['-v'], { encoding: 'latin1' });
  const golden: GoldenFile = {
    recordedWith: (version.stdout + version.stderr).trim(),
    cases: cases.map(storeCase),
    expected: runLua(cases),
  };
  fs.mkdirSync(outDir, { recursive: true });
  // One case and one expected line per text line, so diffs of re-recordings stay readable.
  const text = '{"recordedWith":' + JSON.stringify(golden.recordedWith) +
    ',\n"cases":[\n' + golden.cases.map((c) => JSON.stringify(c)).join(',\n') +
    '\n],\n"expected":[\n' + golden.expected.map((l) => JSON.stringify(l)).join(',\n') + '\n]}\n';
  fs.writeFileSync(path.join(outDir, name + '.json'), text);
  console.log(`${name}.json: ${cases.length} cases`);
}

export function main(): void {
  record('format', formatCases());
  record('pattern', patternCases());
  record('library', libraryCases());
}

main();
