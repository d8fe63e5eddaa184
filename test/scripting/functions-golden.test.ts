// Replays the Redis Functions golden sessions (recorded from redis-server 7.0.15 into
// test/golden/scripting-functions/, plus the hand-written 7.4 cases in
// test/golden/scripting-functions-7.4/) against an in-process Ferrous engine, byte for byte.
// Each file runs on a fresh engine and client, as it was recorded.

import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { listCorpusFiles } from '../golden/scripting/corpus';
import { replayCorpusFile } from '../golden/scripting/replay';

const root = process.cwd();
const files = [
  ...listCorpusFiles(path.join(root, 'test/golden/scripting-functions')),
  ...listCorpusFiles(path.join(root, 'test/golden/scripting-functions-7.4')),
];

/**
 * Known divergences owned by other parts of Ferrous (reported to their owners). They are
 * shown as TODO subtests, not hidden: when fixed, the TODO passes and can be removed here.
 */
const KNOWN: ReadonlyMap<string, string> = new Map([
  ['COMMAND GETKEYS FCALL f 0 a', 'COMMAND GETKEYS (src/commands) answers an error instead of *0 for a movable-keys command with no keys'],
  ['COMMAND GETKEYS FCALL f 3 a', 'COMMAND GETKEYS (src/commands) answers an error instead of *0 for a movable-keys command with no keys'],
]);

test('functions golden corpus exists', () => {
  assert.ok(files.length >= 5 && files.some((f) => f.includes("scripting-functions-7.4")), `expected the recorded and the 7.4 corpus files, found ${files.length}`);
});

for (const file of files) {
  const name = path.relative(root, file);
  test(`functions golden: ${name}`, (t) => replayCorpusFile(t, name, file, KNOWN));
}
