// Records the truth for the Lua differential tests: runs every corpus program
// (test/lua/corpus/<topic>/<name>.lua) with the real `lua5.1` (Debian package lua5.1) and
// stores what it printed into test/golden/lua/<topic>.json.
//
// Each program runs as `lua5.1 <name>.lua` with cwd = its topic folder, so chunk names in
// error messages are just "<name>.lua:LINE:", the same name the golden test gives our engine.
// TZ is pinned to UTC so os.date/os.time results do not depend on the machine.
//
// Stored per program: stdout (split into lines; joining them with "\n" gives the exact
// bytes back), exit code, the first line of stderr (the rest is a traceback whose shape we do
// not compare), and a sha1 of the source so the test can tell a stale golden from a real diff.
// Strings are latin1-decoded: every byte is one char, no UTF-8 anywhere. Addresses such as
// "table: 0x55d1..." are stored as "table: <addr>".
//
// It also cross-checks the property test's second oracle: a few generated programs must print
// the same in lua-wasm-bindings' Lua 5.1.5 as in lua5.1, or the property test is not judging
// against real Lua.
//
// Usage: npm run golden:record -- lua   (or node dist/test/golden/record-lua.js [topic...])

import { spawnSync } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { generateProgram } from '../lua/genprog';
import { runInWasmLua } from '../lua/wasm-lua';

const root = process.cwd();
const corpusDir = path.join(root, 'test', 'lua', 'corpus');
const goldenDir = path.join(root, 'test', 'golden', 'lua');

export interface GoldenEntry {
  sha1: string;
  exit: number;
  stdout: string[];
  stderr?: string;
}

function sha1(text: string): string {
  return crypto.createHash('sha1').update(Buffer.from(text, 'latin1')).digest('hex');
}

/** Addresses ("table: 0x55d1...") change on every run; masked so re-recording is stable. */
function maskAddresses(s: string): string {
  return s.replace(/\b(table|function|thread|userdata|builtin): (0x)?[0-9a-fA-F]+/g, '$1: <addr>');
}

function recordProgram(topicDir: string, file: string): GoldenEntry {
  const source = fs.readFileSync(path.join(topicDir, file), 'latin1');
  const res = spawnSync('lua5.1', [file], {
    cwd: topicDir,
    encoding: 'latin1',
    timeout: 60_000,
    env: { ...process.env, TZ: 'UTC', LANG: 'C', LC_ALL: 'C' },
  });
  if (res.error) throw res.error;
  if (res.status === null) throw new Error(`${file}: lua5.1 was killed (${res.signal})`);
  const entry: GoldenEntry = { sha1: sha1(source), exit: res.status, stdout: maskAddresses(res.stdout).split('\n') };
  const stderrFirst = maskAddresses(res.stderr.split('\n')[0]);
  if (res.status !== 0 || res.stderr.length > 0) entry.stderr = stderrFirst;
  return entry;
}

function recordTopic(topic: string): number {
  const topicDir = path.join(corpusDir, topic);
  const files = fs.readdirSync(topicDir).filter((f) => f.endsWith('.lua')).sort();
  const golden: Record<string, GoldenEntry> = {};
  for (const file of files) golden[file] = recordProgram(topicDir, file);
  fs.writeFileSync(path.join(goldenDir, `${topic}.json`), JSON.stringify(golden, null, 1) + '\n', 'latin1');
  return files.length;
}

/** The property test trusts lua-wasm-bindings; check it agrees with lua5.1 on generated programs. */
function crossCheckWasmLua(seeds: number): number {
  let mismatches = 0;
  // The program goes into a file named "prog" so lua5.1's chunk name matches the wasm run's "=prog".
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'record-lua-'));
  for (let seed = 1; seed <= seeds; seed++) {
    const program = generateProgram(seed);
    const wasm = runInWasmLua(program, '=prog');
    fs.writeFileSync(path.join(tmp, 'prog'), program, 'latin1');
    const native = spawnSync('lua5.1', ['prog'], { cwd: tmp, encoding: 'latin1', timeout: 30_000 });
    const nativeOut = native.stdout + (native.status === 0 ? '' : `ERROR: ${native.stderr.split('\n')[0]}\n`);
    const wasmOut = wasm.stdout + (wasm.error === undefined ? '' : `ERROR: ${wasm.error}\n`);
    if (native.status !== 0 || wasm.error !== undefined || nativeOut !== wasmOut) {
      mismatches++;
      console.error(`seed ${seed}: lua-wasm-bindings and lua5.1 differ (or errored)`);
      console.error(`--- lua5.1\n${nativeOut}--- wasm\n${wasmOut}`);
    }
  }
  fs.rmSync(tmp, { recursive: true, force: true });
  return mismatches;
}

function main(): void {
  const which = process.argv.slice(2);
  fs.mkdirSync(goldenDir, { recursive: true });
  const topics = fs.readdirSync(corpusDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && (which.length === 0 || which.includes(d.name)))
    .map((d) => d.name)
    .sort();
  let total = 0;
  for (const topic of topics) {
    const n = recordTopic(topic);
    total += n;
    console.log(`lua: ${topic}: ${n} programs`);
  }
  // Drop goldens whose topic folder is gone, so the test does not judge deleted programs.
  if (which.length === 0) {
    for (const f of fs.readdirSync(goldenDir)) {
      if (f.endsWith('.json') && !topics.includes(f.slice(0, -5))) fs.unlinkSync(path.join(goldenDir, f));
    }
  }
  console.log(`lua: recorded ${total} programs into test/golden/lua/`);
  const bad = crossCheckWasmLua(300);
  if (bad > 0) {
    console.error(`lua: lua-wasm-bindings disagrees with lua5.1 on ${bad} generated programs`);
    process.exit(1);
  }
  console.log('lua: lua-wasm-bindings agrees with lua5.1 on 300 generated programs');
}

main();
