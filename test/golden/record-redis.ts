// Records the Redis command goldens: runs every test/golden/redis/*.txt corpus against a real
// redis-server (Debian package, started on a free port and stopped after) and stores the exact
// reply frames in test/golden/redis/<family>.golden.json. Format: test/golden/redis/corpus.ts.
//
// Each corpus file gets its own redis-server; each session (separated by `---`) gets a fresh
// connection and starts with FLUSHALL.
//
// Run: npm run golden:record -- redis [family-filter]   (needs: apt-get install redis-server)

import * as fs from 'node:fs';
import * as path from 'node:path';
import { startRedisOracle } from '../support/redis-oracle';
import { RawRespClient } from '../support/resp-client';
import { listCorpora, readCorpusFile, type GoldenEntry, type GoldenFile } from './redis/corpus';
import { sleep } from '../support/wait';

async function recordFile(file: string): Promise<number> {
  const sessions = readCorpusFile(file);
  const oracle = await startRedisOracle();
  const entries: GoldenEntry[] = [];
  try {
    for (const session of sessions) {
      const client = await RawRespClient.connect(oracle.port);
      try {
        await client.command('FLUSHALL');
        for (const step of session.steps) {
          if (step.kind === 'sleep') { await sleep(step.sleepMs); continue; }
          let reply: string;
          try {
            reply = await client.command(...step.argv);
          } catch (e) {
            throw new Error(`${file}:${step.line}: ${step.text}: ${(e as Error).message}`);
          }
          if (step.kind === 'command') entries.push({ line: step.line, cmd: step.text, reply });
        }
      } finally {
        client.close();
      }
    }
  } finally {
    await oracle.stop();
  }
  const golden: GoldenFile = { redisVersion: oracle.version, entries };
  const out = file.replace(/\.txt$/, '.golden.json');
  // Bytes >= 0x7f are written as \u00XX escapes so the file is plain ASCII.
  const json = JSON.stringify(golden, null, 1)
    .replace(/[\u007f-\uffff]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
  fs.writeFileSync(out, json + '\n', 'ascii');
  return entries.length;
}

async function main(): Promise<void> {
  const dir = path.join(process.cwd(), 'test/golden/redis');
  const filter = process.argv[2];
  let total = 0;
  for (const file of listCorpora(dir)) {
    if (filter && !path.basename(file).includes(filter)) continue;
    const n = await recordFile(file);
    total += n;
    console.log(`${path.relative(process.cwd(), file)}: ${n} replies`);
  }
  console.log(`recorded ${total} redis replies`);
}

main().catch((e) => { console.error(e); process.exit(1); });
