// Replays one scripting-format golden corpus file (EVAL and FUNCTION sessions recorded from
// redis-server) against a fresh in-process Ferrous engine and client, comparing every reply
// byte for byte. Known divergences (keyed by "file:line" or by the command text) become TODO
// subtests, so they stay visible and pass on their own once fixed.

import type { TestContext } from 'node:test';
import * as assert from 'node:assert/strict';
import { Engine } from '../../../src/server/engine';
import { readCorpus } from './corpus';
import { resetRandState } from '../../../src/scripting/prng';

export async function replayCorpusFile(t: TestContext, name: string, file: string, known: ReadonlyMap<string, string>): Promise<void> {
  const corpus = readCorpus(file);
  // Configured as the oracle that recorded the corpus (test/support/redis-oracle.ts).
  const engine = new Engine({ config: { 'enable-debug-command': 'yes' } });
  // math.random's state is process-global (as in Redis): each file was recorded on a fresh
  // redis-server, so it starts from the initial state whatever files replayed before it.
  resetRandState();
  try {
    const missing = corpus.requires.filter((c) => engine.commandTable.lookup([c]) === undefined);
    if (missing.length > 0) {
      t.skip(`needs ${missing.join(', ')}`);
      return;
    }
    const client = engine.createClient();
    const mismatches: string[] = [];
    let checked = 0;
    for (const cmd of corpus.commands) {
      engine.execute(client, cmd.argv, client.writer);
      const got = client.takeOutput();
      if (cmd.unchecked || cmd.expected === undefined) continue;
      checked++;
      const divergence = known.get(`${name}:${cmd.line}`) ?? known.get(cmd.text);
      if (divergence !== undefined) {
        const expected = cmd.expected;
        await t.test(`${name}:${cmd.line} (known divergence)`, { todo: divergence }, () => assert.equal(got, expected));
        continue;
      }
      if (got !== cmd.expected) {
        mismatches.push(`${name}:${cmd.line}: ${cmd.text.slice(0, 200)}\n  expected ${JSON.stringify(cmd.expected).slice(0, 400)}\n  got      ${JSON.stringify(got).slice(0, 400)}`);
      }
    }
    assert.ok(checked > 0, `${name} has no recorded replies`);
    assert.equal(mismatches.length, 0, `${mismatches.length} of ${checked} replies differ:\n${mismatches.slice(0, 25).join('\n')}`);
  } finally {
    engine.close();
  }
}
