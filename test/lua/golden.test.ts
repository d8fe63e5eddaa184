// Differential test: every corpus program (test/lua/corpus/<topic>/<name>.lua) runs on our
// engine and must print exactly what the real lua5.1 printed (test/golden/lua/<topic>.json,
// recorded by test/golden/record-lua.ts; re-record with `npm run golden:record -- lua`).
//
// In-process (one test per program): stdout must match byte for byte, and a program that
// made lua5.1 exit with an error must raise the same error message. The programs run in a
// child process (test/lua/engine-runner.ts) so that one that hangs or runs out of memory fails
// alone (the process is replaced for the programs after it). Programs that exit with an error
// are also run through bin/ferrous-lua like lua5.1 ran them, comparing exit code and the first
// line of stderr (the traceback below it is not compared).
// Only two normalisations: the program-name prefix of CLI errors ("lua5.1:" vs "lua:"), and
// addresses in "table: 0x55d1..." style output, which differ between any two runs.

import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ErrorDescription } from './golden-worker';
import { EngineRunner } from './engine-runner';

// os.date/os.time with local time were recorded under TZ=UTC.
process.env.TZ = 'UTC';

interface GoldenEntry { sha1: string; exit: number; stdout: string[]; stderr?: string }

const root = process.cwd();
const corpusDir = path.join(root, 'test', 'lua', 'corpus');
const goldenDir = path.join(root, 'test', 'golden', 'lua');
const cli = path.join(root, 'bin', 'ferrous-lua');

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

const runner = new EngineRunner();

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
    const index = runner.add({ dir: topicDir, file });
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
