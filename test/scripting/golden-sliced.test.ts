// Replays the scripting goldens with every EVAL made long enough to take the busy-script path:
// the fast run is abandoned at once (script-pause-threshold 0) and redone in the engine's
// resumable form, in slices, over a real connection. The replies must still be Redis's: the
// resumable form, the undo journal and the restored PRNG state may not change any answer.
//
// Each script gets a loop in front of its first line (after a shebang line), so error
// positions keep their line numbers; its sha changes, so the expected reply is compared with
// the original sha replaced. Only the rewritten EVAL/EVAL_RO lines are compared (EVALSHA and
// SCRIPT EXISTS name the original bodies).

import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { createHash } from 'node:crypto';
import { startServer } from '../../src/index';
import { RawRespClient } from '../support/resp-client';
import { listCorpusFiles, readCorpus } from '../golden/scripting/corpus';
import { KNOWN } from './known-divergences';

const root = process.cwd();
// Left out: command counters (stats), replies too deep for the socket client (deep), pushes
// that a one-frame-per-command client cannot pair (pubsub), and the 2,700 one-line EVALs of
// the LRU eviction file (slow here, and about the cache, not the form).
const SKIP = /(stats|deep|fuzz-returns|pubsub|eviction)\.txt$/;
/** Scripts whose answer legitimately depends on running once (PRNG, RESP mode, huge values). */
const NOT_REWRITTEN = /redis\.setresp|math\.random|string\.rep\('x', 2/;
const PREFIX = 'for __i = 1, 30000 do end ';

const sha1 = (s: string) => createHash('sha1').update(Buffer.from(s, 'latin1')).digest('hex');

function rewrite(body: string): string {
  if (!body.startsWith('#!')) return PREFIX + body;
  const nl = body.indexOf('\n');
  return nl < 0 ? body : body.slice(0, nl + 1) + PREFIX + body.slice(nl + 1);
}

const files = [
  ...listCorpusFiles(path.join(root, 'test/golden/scripting')),
  ...listCorpusFiles(path.join(root, 'test/golden/scripting-7.4')),
].filter((f) => !SKIP.test(f));

for (const file of files) {
  const name = path.relative(root, file);
  test(`scripting golden, resumable form: ${name}`, async () => {
    const corpus = readCorpus(file);
    const srv = await startServer({ port: 0, config: { 'script-pause-threshold': '0', 'busy-reply-threshold': '100000', 'enable-debug-command': 'yes' } });
    const client = await RawRespClient.connect(srv.port);
    try {
      if (corpus.requires.some((c) => srv.engine.commandTable.lookup([c]) === undefined)) return;
      const mismatches: string[] = [];
      let compared = 0;
      for (const cmd of corpus.commands) {
        const argv = cmd.argv.slice();
        const rewritten = /^eval(_ro)?$/i.test(argv[0]) && argv.length > 2 && !NOT_REWRITTEN.test(argv[1]);
        let from = '';
        let to = '';
        if (rewritten) {
          from = sha1(argv[1]);
          argv[1] = rewrite(argv[1]);
          to = sha1(argv[1]);
        }
        const got = await client.command(...argv);
        if (!rewritten || cmd.unchecked || cmd.expected === undefined) continue;
        if (KNOWN.has(`${name}:${cmd.line}`) || KNOWN.has(cmd.text)) continue;
        compared++;
        const expected = cmd.expected.split(from).join(to);
        if (got !== expected) {
          mismatches.push(`${name}:${cmd.line}: ${cmd.text.slice(0, 120)}\n  expected ${JSON.stringify(expected).slice(0, 300)}\n  got      ${JSON.stringify(got).slice(0, 300)}`);
        }
      }
      assert.equal(mismatches.length, 0, `${mismatches.length} of ${compared} replies differ:\n${mismatches.slice(0, 20).join('\n')}`);
    } finally {
      client.close();
      await srv.close();
    }
  });
}
