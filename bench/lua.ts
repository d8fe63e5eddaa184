// npm run bench:lua — classic Lua programs (bench/lua/*.lua) on lua5.1 and on our engine.
//
// Method (startup and compilation excluded on both sides):
//   - lua5.1: `lua5.1 prog.lua`; each program times its own work with os.clock() and prints
//     "TIME <seconds>" (lua5.1 is single-threaded, so its CPU time is its run time).
//   - ferrous: in this process, a fresh LuaState per run; the chunk is loaded (compiled) first,
//     then only L.call() is timed with process.hrtime (wall clock).
//   - micro_* programs measure one operation and print "NS <ns per op>" (loop with the
//     operation minus the same loop without it, timed by os.clock() inside the program on both
//     sides) or, for memory, "MB": lua5.1's collectgarbage("count") growth; for ours the V8 heap
//     growth (after forced GCs) while the program's returned table is alive.
//   - every program runs 3 times per engine; the median is reported. ratio = lua5.1 / ferrous
//     (> 1: we are faster). The geometric mean is over the non-micro programs.
//   - each program prints a RESULT line; the two engines must agree on it, or the row says so.
// If lua5.1 is not installed, only our numbers are printed.

import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import { LuaState } from '../src/lua/state';

const REPS = 3;
const root = process.cwd();
const dir = path.join(root, 'bench', 'lua');

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

interface RunOutcome { seconds: number; ns?: number; mb?: number; result: string; error?: string }

function field(out: string, name: string): number | undefined {
  const m = new RegExp(`^${name} (\\S+)$`, 'm').exec(out);
  return m ? Number(m[1]) : undefined;
}
function resultLine(out: string): string {
  return /^RESULT\t(.*)$/m.exec(out)?.[1] ?? '(none)';
}

function haveLua51(): boolean {
  const r = spawnSync('lua5.1', ['-v'], { encoding: 'latin1' });
  return !r.error && r.status === 0;
}

function runLua51(file: string): RunOutcome {
  const r = spawnSync('lua5.1', [file], { cwd: dir, encoding: 'latin1', timeout: 120_000 });
  if (r.status !== 0) return { seconds: NaN, result: '', error: (r.stderr || String(r.error)).split('\n')[0] };
  return { seconds: field(r.stdout, 'TIME') ?? NaN, ns: field(r.stdout, 'NS'), mb: field(r.stdout, 'MB'), result: resultLine(r.stdout) };
}

function runFerrous(file: string): RunOutcome {
  const source = fs.readFileSync(path.join(dir, file), 'latin1');
  const out: string[] = [];
  const L = new LuaState({ stdout: (s) => out.push(s), stderr: () => {} });
  try {
    const fn = L.load(source, '@' + file);
    gc();
    const heapBefore = process.memoryUsage().heapUsed;
    const t0 = process.hrtime.bigint();
    const returned = L.call(fn);
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    gc();
    const heapAfter = process.memoryUsage().heapUsed;
    void returned; // kept alive until here so the heap measurement includes it
    const text = out.join('');
    const mb = field(text, 'MB') !== undefined ? (heapAfter - heapBefore) / 1048576 : undefined;
    return { seconds, ns: field(text, 'NS'), mb, result: resultLine(text) };
  } catch (e) {
    const msg = e !== null && typeof e === 'object' && 'value' in e ? String((e as { value: unknown }).value) : String(e);
    return { seconds: NaN, result: '', error: msg.split('\n')[0] };
  }
}

function median(xs: number[]): number {
  const s = xs.filter((x) => !Number.isNaN(x)).sort((a, b) => a - b);
  return s.length === 0 ? NaN : s[Math.floor(s.length / 2)];
}
function metricOf(o: RunOutcome): number { return o.ns ?? o.mb ?? o.seconds; }
function pad(s: string, n: number): string { return s.length >= n ? s : s + ' '.repeat(n - s.length); }
function lpad(s: string, n: number): string { return s.length >= n ? s : ' '.repeat(n - s.length) + s; }
function fmt(x: number, digits = 3): string { return Number.isNaN(x) ? '-' : x.toFixed(digits); }

function main(): void {
  const withLua = haveLua51();
  if (!withLua) console.log('lua5.1 not found: printing only ferrous numbers (apt-get install lua5.1 to compare)');
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.lua')).sort((a, b) => {
    const ma = a.startsWith('micro_') ? 1 : 0, mb = b.startsWith('micro_') ? 1 : 0;
    return ma - mb || a.localeCompare(b);
  });
  console.log(`${pad('program', 22)}${lpad('unit', 6)}${lpad('lua5.1', 11)}${lpad('ferrous', 11)}${lpad('ratio', 9)}  note`);
  const ratios: number[] = [];
  for (const file of files) {
    const ours: RunOutcome[] = [], theirs: RunOutcome[] = [];
    for (let i = 0; i < REPS; i++) {
      if (withLua) theirs.push(runLua51(file));
      ours.push(runFerrous(file));
    }
    const micro = file.startsWith('micro_');
    const unit = ours[0].ns !== undefined || theirs[0]?.ns !== undefined ? 'ns' : file.includes('memory') ? 'MB' : 's';
    const a = withLua ? median(theirs.map(metricOf)) : NaN;
    const b = median(ours.map(metricOf));
    // For time and ns lower is better: ratio = lua5.1 / ferrous. Same for MB.
    const ratio = a / b;
    if (!micro && Number.isFinite(ratio)) ratios.push(ratio);
    const notes: string[] = [];
    const err = ours.find((o) => o.error) ?? theirs.find((o) => o.error);
    if (err) notes.push(`error: ${err.error}`);
    else if (withLua && theirs[0].result !== ours[0].result) notes.push(`RESULT differs: lua5.1 "${theirs[0].result}" ours "${ours[0].result}"`);
    console.log(`${pad(file.replace(/\.lua$/, ''), 22)}${lpad(unit, 6)}${lpad(fmt(a), 11)}${lpad(fmt(b), 11)}${lpad(fmt(ratio, 2), 9)}  ${notes.join('; ')}`);
  }
  if (ratios.length > 0) {
    const geo = Math.exp(ratios.reduce((s, r) => s + Math.log(r), 0) / ratios.length);
    console.log(`geometric mean of ratios (lua5.1 time / ferrous time, >1 = ferrous faster) over ${ratios.length} programs: ${geo.toFixed(2)}`);
  }
  console.log('targets: every program ratio >= 1, geometric mean >= 2, table read/write <= 10 ns, small table <= 50 ns, 1M numbers <= 30 MB');
}

main();
