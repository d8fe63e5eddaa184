// Recording one scripting corpus file (the format of ./corpus.ts) from a real redis-server: the
// file is one session on a fresh server, each command's exact reply frame is written back under
// it as a `=>` line. Used by record-scripting.ts and record-functions.ts.

import { startRedisOracle } from '../../support/redis-oracle';
import { RawRespClient } from '../../support/resp-client';
import { readCorpus, writeCorpus, type CorpusCommand } from './corpus';

/** Records `file` against a fresh redis-server and rewrites it; returns the replies recorded. */
export async function recordCorpusFile(file: string): Promise<number> {
  const corpus = readCorpus(file);
  const oracle = await startRedisOracle();
  const client = await RawRespClient.connect(oracle.port);
  const replies = new Map<CorpusCommand, string>();
  try {
    for (const cmd of corpus.commands) {
      let reply: string;
      try {
        reply = await client.command(...cmd.argv);
      } catch (e) {
        throw new Error(`${file}:${cmd.line}: ${cmd.text}: ${(e as Error).message}`);
      }
      if (!cmd.unchecked) replies.set(cmd, reply);
    }
  } finally {
    client.close();
    await oracle.stop();
  }
  writeCorpus(corpus, replies);
  return replies.size;
}
