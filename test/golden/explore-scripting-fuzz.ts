// Exploration run of the scripting fuzzer: generates the gen-*.txt corpora for other seeds into
// a temporary folder, records each file from a real redis-server and replays it against a fresh
// in-process Ferrous engine, printing every reply that differs. Nothing in the repository is
// written; a divergence worth keeping becomes a fix plus a case the committed corpora (or the
// generator's probes) cover.
//
// Run (after a build; needs redis-server): node dist/test/golden/explore-scripting-fuzz.js [first seed] [count]

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { recordCorpusFile } from './scripting/record-session';
import { listCorpusFiles, readCorpus } from './scripting/corpus';
import { Engine } from '../../src/server/engine';
import { resetRandState } from '../../src/scripting/prng';

/** Replays one recorded file on a fresh engine; returns [compared, differing]. */
function replay(file: string): [number, number] {
  const corpus = readCorpus(file);
  resetRandState();
  const engine = new Engine({ config: { 'enable-debug-command': 'yes' } });
  let compared = 0;
  let differing = 0;
  try {
    const client = engine.createClient();
    for (const cmd of corpus.commands) {
      engine.execute(client, cmd.argv, client.writer);
      const got = client.takeOutput();
      if (cmd.unchecked || cmd.expected === undefined) continue;
      compared++;
      if (got === cmd.expected) continue;
      differing++;
      console.log(`${file}:${cmd.line}: ${cmd.text.slice(0, 300)}\n  expected ${JSON.stringify(cmd.expected).slice(0, 300)}\n  got      ${JSON.stringify(got).slice(0, 300)}`);
    }
  } finally {
    engine.close();
  }
  return [compared, differing];
}

async function main(): Promise<void> {
  // Replies nested thousands deep need a larger stack in the frame scanner (as the recorder).
  if (!process.execArgv.some((a) => a.startsWith('--stack-size'))) {
    const r = spawnSync(process.execPath, ['--stack-size=7000', __filename, ...process.argv.slice(2)], { stdio: 'inherit' });
    process.exit(r.status ?? 1);
  }
  const first = Number(process.argv[2] ?? 1);
  const count = Math.min(Number(process.argv[3] ?? 3), 100);
  const generator = path.join(__dirname, 'gen-scripting-fuzz.js');
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ferrous-sfuzz-'));
  let total = 0;
  let bad = 0;
  try {
    for (let seed = first; seed < first + count; seed++) {
      const dir = path.join(root, String(seed));
      fs.mkdirSync(dir);
      const gen = spawnSync(process.execPath, [generator, String(seed), '', dir], { encoding: 'latin1' });
      if (gen.status !== 0) throw new Error(`generator failed for seed ${seed}: ${gen.stderr}`);
      for (const file of listCorpusFiles(dir)) {
        await recordCorpusFile(file);
        const [n, d] = replay(file);
        total += n;
        bad += d;
      }
    }
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
  console.log(`seeds ${first}..${first + count - 1}: ${bad} of ${total} replies differ`);
  process.exit(bad === 0 ? 0 : 1);
}

main().catch((e) => { console.error(e); process.exit(1); });
