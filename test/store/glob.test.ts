// Glob matching (src/store/glob.ts) against Redis's own KEYS results: the keys.txt corpus
// stores a set of awkward keys with MSET and asks KEYS with many patterns; the recorded
// replies are the truth for which keys each pattern matches.

import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readCorpusFile, type GoldenFile } from '../golden/redis/corpus';
import { stringMatch, compileMatcher } from '../../src/store/glob';

const dir = path.join(process.cwd(), 'test/golden/redis');

/** Bulk strings of a flat RESP array reply. */
function bulks(reply: string): string[] {
  const out: string[] = [];
  let p = reply.indexOf('\r\n') + 2;
  while (p < reply.length) {
    const end = reply.indexOf('\r\n', p);
    const len = Number(reply.slice(p + 1, end));
    out.push(reply.slice(end + 2, end + 2 + len));
    p = end + 2 + len + 2;
  }
  return out;
}

test('KEYS patterns select exactly the keys Redis selects', () => {
  const golden = JSON.parse(fs.readFileSync(path.join(dir, 'keys.golden.json'), 'utf8')) as GoldenFile;
  const sessions = readCorpusFile(path.join(dir, 'keys.txt'));
  let index = 0;
  let checked = 0;
  for (const session of sessions) {
    const keys: string[] = [];
    for (const step of session.steps) {
      if (step.kind !== 'command') continue;
      const entry = golden.entries[index++];
      assert.equal(entry.cmd, step.text, 'keys.golden.json is stale');
      const name = step.argv[0].toUpperCase();
      if (name === 'MSET') for (let i = 1; i < step.argv.length; i += 2) keys.push(step.argv[i]);
      if (name === 'SET') keys.push(step.argv[1]);
      if (name !== 'KEYS' || step.argv.length !== 2 || !entry.reply.startsWith('*')) continue;
      const pattern = step.argv[1];
      const expected = bulks(entry.reply).sort();
      const actual = keys.filter((k) => stringMatch(pattern, k)).sort();
      assert.deepEqual(actual, expected, `KEYS ${JSON.stringify(pattern)}`);
      assert.deepEqual(keys.filter(compileMatcher(pattern)).sort(), expected);
      checked++;
    }
  }
  assert.ok(checked >= 40, `only ${checked} patterns checked`);
});

test('nocase matching and pathological patterns', () => {
  assert.equal(stringMatch('HeLLo*', 'hello world', true), true);
  assert.equal(stringMatch('HeLLo*', 'hello world', false), false);
  assert.equal(stringMatch('[A-Z]', 'q', true), true);
  // Exponential without the skipLongerMatches cut: must finish at once.
  const start = Date.now();
  assert.equal(stringMatch('a*'.repeat(30) + 'b', 'a'.repeat(100)), false);
  assert.ok(Date.now() - start < 1000);
});
