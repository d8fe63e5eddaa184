// Differential test: every corpus program (test/lua/corpus/<topic>/<name>.lua) runs on our
// engine and must print exactly what the real lua5.1 printed (test/golden/lua/<topic>.json,
// recorded by test/golden/record-lua.ts; re-record with `npm run golden:record -- lua`).
//
// In-process (one test per program): stdout must match byte for byte, and a program that
// made lua5.1 exit with an error must raise the same error message. The programs run in a
// child process (test/lua/golden-worker.ts) so that one that hangs or runs out of memory fails
// alone (the process is replaced for the programs after it). Programs that exit with an error are also run through bin/ferrous-lua
// like lua5.1 ran them, comparing exit code and the first line of stderr (the traceback below
// it is not compared).
// Only two normalisations: the program-name prefix of CLI errors ("lua5.1:" vs "lua:"), and
// addresses in "table: 0x55d1..." style output, which differ between any two runs.

import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { fork, spawnSync } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ErrorDescription, ProgramResult, WorkerInput, WorkerMessage } from './golden-worker';

// os.date/os.time with local time were recorded under TZ=UTC.
process.env.TZ = 'UTC';

interface GoldenEntry { sha1: string; exit: number; stdout: string[]; stderr?: string }

const root = process.cwd();
const corpusDir = path.join(root, 'test', 'lua', 'corpus');
const goldenDir = path.join(root, 'test', 'golden', 'lua');
const cli = path.join(root, 'bin', 'ferrous-lua');
const PROGRAM_TIMEOUT_MS = 10_000;
const WORKER_HEAP_MB = 512;

function maskAddresses(s: string): string {
  return s.replace(/\b(table|function|thread|userdata|builtin): (0x)?[0-9a-fA-F]+/g, '$1: <addr>');
}

/** "lua5.1: x.lua:3: msg" and "lua: x.lua:3: msg" are the same report. */
function normaliseProgramName(line: string): string {
  return line.replace(/^(lua5\.1|lua|ferrous-lua): /, 'lua: ');
}

/** The first stderr line lua.c prints for an uncaught error value (see report() in lua.c). */
function expectedReport(error: ErrorDescription): string | undefined {
  switch (error.kind) {
    case 'nil': return '';                                   // error(nil): lua.c prints nothing
    case 'string': return 'lua: ' + error.text.split('\n')[0];
    case 'number': return undefined;                         // formatting checked by the CLI run
    default: return 'lua: (error object is not a string)';
  }
}

/**
 * Runs the corpus programs in a child process, in order; each test awaits its own result.
 * When a program hangs past the timeout or kills its process, it fails and a new process
 * takes the rest.
 */
class CorpusRunner {
  private readonly programs: Array<[string, string]> = [];
  private readonly results: Array<Promise<ProgramResult>> = [];
  private readonly settle: Array<(r: ProgramResult) => void> = [];
  private started = false;

  /** Registers a program; returns its index. */
  add(dir: string, file: string): number {
    this.programs.push([dir, file]);
    this.results.push(new Promise((resolve) => this.settle.push(resolve)));
    return this.programs.length - 1;
  }

  result(index: number): Promise<ProgramResult> {
    if (!this.started) { this.started = true; this.spawn(this.programs.map((_, i) => i)); }
    return this.results[index];
  }

  private spawn(indexes: number[]): void {
    if (indexes.length === 0) return;
    const pending = new Set(indexes);
    let current: number | undefined;
    let timer: NodeJS.Timeout | undefined;
    let finished = false;
    const input: WorkerInput = { programs: indexes.map((i) => this.programs[i]) };
    const child = fork(path.join(__dirname, 'golden-worker.js'), [JSON.stringify(input)], {
      // The same stack as bin/ferrous-lua gives its programs (lua5.1 runs them as a CLI too).
      execArgv: [...process.execArgv.filter((a) => !a.startsWith('--test') && !a.startsWith('--stack-size')), `--max-old-space-size=${WORKER_HEAP_MB}`, '--stack-size=3900'],
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    let stderrTail = '';
    child.stderr!.on('data', (d: Buffer) => { stderrTail = (stderrTail + d.toString('latin1')).slice(-400); });
    const failCurrentAndContinue = (why: string): void => {
      if (finished) return;
      finished = true;
      if (timer) clearTimeout(timer);
      const victim = current ?? [...pending][0];
      if (victim !== undefined) {
        pending.delete(victim);
        this.settle[victim]({ ok: false, crash: why });
      }
      child.kill('SIGKILL');
      this.spawn(indexes.filter((i) => pending.has(i)));
    };
    child.on('message', (m: WorkerMessage) => {
      const index = indexes[m.index];
      if (m.type === 'start') {
        current = index;
        if (timer) clearTimeout(timer);
        timer = setTimeout(() => failCurrentAndContinue(`did not finish within ${PROGRAM_TIMEOUT_MS} ms`), PROGRAM_TIMEOUT_MS);
      } else {
        if (timer) clearTimeout(timer);
        current = undefined;
        pending.delete(index);
        this.settle[index](m.result);
        if (pending.size === 0) { finished = true; child.disconnect(); }
      }
    });
    child.on('error', (e) => failCurrentAndContinue(`the child process failed: ${e instanceof Error ? e.message : String(e)}`));
    // The child died early. Judge only once it has exited AND its IPC channel is drained
    // ('disconnect'), so results still buffered in the channel are not mistaken for losses.
    let exitStatus: string | undefined;
    let disconnected = false;
    const judgeEarlyEnd = (): void => {
      if (exitStatus === undefined || !disconnected) return;
      if (timer) clearTimeout(timer);
      if (!finished && pending.size > 0) failCurrentAndContinue(`the child process exited (${exitStatus}): ${stderrTail}`);
      finished = true;
    };
    child.on('disconnect', () => { disconnected = true; judgeEarlyEnd(); });
    child.on('close', (code, signal) => { exitStatus = String(code ?? signal); judgeEarlyEnd(); });
  }
}

const runner = new CorpusRunner();

const topics = fs.existsSync(goldenDir)
  ? fs.readdirSync(goldenDir).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5)).sort()
  : [];

test('the Lua corpus has recorded goldens', () => {
  assert.ok(topics.length > 0, 'no goldens under test/golden/lua (run npm run golden:record -- lua)');
  // Every corpus file must have a golden, else it would silently go untested.
  for (const topic of fs.readdirSync(corpusDir)) {
    const golden = topics.includes(topic) ? JSON.parse(fs.readFileSync(path.join(goldenDir, `${topic}.json`), 'latin1')) : {};
    for (const file of fs.readdirSync(path.join(corpusDir, topic)).filter((f) => f.endsWith('.lua'))) {
      assert.ok(file in golden, `${topic}/${file} has no golden: re-record with npm run golden:record -- lua`);
    }
  }
});

for (const topic of topics) {
  const golden: Record<string, GoldenEntry> = JSON.parse(fs.readFileSync(path.join(goldenDir, `${topic}.json`), 'latin1'));
  const topicDir = path.join(corpusDir, topic);
  for (const [file, expected] of Object.entries(golden)) {
    const index = runner.add(topicDir, file);
    test(`lua corpus ${topic}/${file}`, async () => {
      const source = fs.readFileSync(path.join(topicDir, file), 'latin1');
      const sha1 = crypto.createHash('sha1').update(Buffer.from(source, 'latin1')).digest('hex');
      assert.equal(sha1, expected.sha1, 'the program changed since its golden was recorded: re-record');
      const run = await runner.result(index);
      if (!run.ok) assert.fail(`the engine failed outside Lua: ${run.crash}`);
      const raised = run.threw ? ` (and ours raised ${JSON.stringify(run.error)})` : '';
      assert.equal(maskAddresses(run.stdout), maskAddresses(expected.stdout.join('\n')), `stdout differs${raised}`);
      if (expected.exit === 0) {
        assert.equal(run.threw, false, `lua5.1 ran it without error, ours raised: ${JSON.stringify(run.error)}`);
      } else {
        assert.equal(run.threw, true, `lua5.1 ended with an error (${expected.stderr}), ours did not`);
        const report = expectedReport(run.error!);
        if (report !== undefined) assert.equal(maskAddresses(report), maskAddresses(normaliseProgramName(expected.stderr ?? '')));
      }
    });
    if (expected.exit !== 0) {
      test(`lua corpus ${topic}/${file} via bin/ferrous-lua`, () => {
        assert.ok(fs.existsSync(cli), 'bin/ferrous-lua is missing');
        const res = spawnSync(process.execPath, [cli, file], { cwd: topicDir, encoding: 'latin1', timeout: 30_000, env: { ...process.env, TZ: 'UTC' } });
        assert.equal(maskAddresses(res.stdout), maskAddresses(expected.stdout.join('\n')), 'stdout differs');
        assert.equal(res.status, expected.exit, 'exit code differs');
        assert.equal(maskAddresses(normaliseProgramName(res.stderr.split('\n')[0])), maskAddresses(normaliseProgramName(expected.stderr ?? '')));
      });
    }
  }
}
