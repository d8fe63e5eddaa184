// Replays the scripting golden corpus (recorded from redis-server 7.0.15, plus the
// hand-written 7.4 cases) against an in-process Ferrous engine and compares every reply
// byte for byte. Each corpus file runs on a fresh engine and client, as it was recorded.

import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { listCorpusFiles } from '../golden/scripting/corpus';
import { replayCorpusFile } from '../golden/scripting/replay';
import { KNOWN } from './known-divergences';

const root = process.cwd();
const files = [
  ...listCorpusFiles(path.join(root, 'test/golden/scripting')),
  ...listCorpusFiles(path.join(root, 'test/golden/scripting-7.4')),
];

test('scripting golden corpus exists', () => {
  assert.ok(files.length >= 10 && files.some((f) => f.includes('scripting-7.4')), `expected the recorded and the 7.4 corpus files, found ${files.length}`);
});

for (const file of files) {
  const name = path.relative(root, file);
  test(`scripting golden: ${name}`, (t) => replayCorpusFile(t, name, file, KNOWN));
}
