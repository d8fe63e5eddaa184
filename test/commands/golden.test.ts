// Replays the Redis golden corpora (test/golden/redis/*.txt, replies recorded from a real
// redis-server by test/golden/record-redis.ts) against Ferrous over a real socket and compares
// every reply byte for byte. One node:test test per corpus session, named after the file and
// the session's first line, so a failure points at the exact command.
//
// Hand-written expectations for Redis 7.4 behaviour that Debian's 7.0.15 does not have live in
// test/golden/redis-7.4/*.txt with a `.golden.json` written by hand in the same format.

import { test, before, after } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { RawRespClient } from '../support/resp-client';
import { startServer, type RunningServer } from '../../src/index';
import {
  listCorpora, readCorpusFile, repliesMatch, unorderedForm, type GoldenFile, type CorpusSession,
} from '../golden/redis/corpus';
import { sleep } from '../support/wait';

/**
 * Starts Ferrous in-process through the embedding API (src/index.ts), with DEBUG enabled as
 * the recorder's redis-server is (test/support/redis-oracle.ts).
 */
function startFerrous(): Promise<RunningServer> {
  return startServer({ port: 0, bind: '127.0.0.1', config: { 'enable-debug-command': 'yes' } });
}

const root = process.cwd();
const corpusDirs = [path.join(root, 'test/golden/redis'), path.join(root, 'test/golden/redis-7.4')];

// One Ferrous per corpus file, as the recorder uses one redis-server per file: sessions of a
// file share server state (CONFIG SET ...), files do not. Tests run in order, so the server of
// the previous file is closed when the next file starts.
let current: { file: string; server: RunningServer } | undefined;
let implemented: Set<string> = new Set();

async function serverFor(file: string): Promise<RunningServer> {
  if (current?.file === file) return current.server;
  await current?.server.close();
  current = { file, server: await startFerrous() };
  return current.server;
}

before(async () => {
  const server = await startFerrous();
  // Which commands exist, for `!requires`: ask the server itself.
  const c = await RawRespClient.connect(server.port);
  for (const name of requiredCommands()) {
    const reply = await c.command('COMMAND', 'INFO', name);
    // Redis answers an unknown name with a null ($-1 in RESP2, as recorded from 7.0.15).
    if (!reply.startsWith('*1\r\n*-1') && !reply.startsWith('*1\r\n$-1') && !reply.startsWith('*1\r\n_')) implemented.add(name);
  }
  c.close();
  await server.close();
});

after(async () => {
  await current?.server.close();
});

function requiredCommands(): Set<string> {
  const all = new Set<string>();
  for (const dir of corpusDirs) {
    for (const file of listCorpora(dir)) for (const s of readCorpusFile(file)) for (const r of s.requires) all.add(r);
  }
  return all;
}

async function replaySession(file: string, session: CorpusSession, golden: GoldenFile, startIndex: number): Promise<void> {
  const server = await serverFor(file);
  const client = await RawRespClient.connect(server.port);
  // Every mismatch of the session is collected, so one failure does not hide the others.
  const failures: string[] = [];
  try {
    await client.command('FLUSHALL');
    let index = startIndex;
    for (const step of session.steps) {
      if (step.kind === 'sleep') { await sleep(step.sleepMs); continue; }
      const reply = await client.command(...step.argv);
      if (step.kind !== 'command') continue;
      const expected = golden.entries[index++];
      assert.ok(expected !== undefined && expected.cmd === step.text,
        `${file}:${step.line}: golden file out of date (re-record with npm run golden:record -- redis)`);
      if (!repliesMatch(step.matcher, expected.reply, reply)) {
        const [want, got] = step.matcher === 'unordered'
          ? [unorderedForm(expected.reply), unorderedForm(reply)]
          : [expected.reply, reply];
        failures.push(`${path.basename(file)}:${step.line}: ${step.text}\n    expected ${JSON.stringify(want)}\n    actual   ${JSON.stringify(got)}`);
      }
    }
  } finally {
    client.close();
  }
  assert.equal(failures.length, 0, `${failures.length} replies differ from Redis:\n${failures.slice(0, 30).join('\n')}`);
}

for (const dir of corpusDirs) {
  for (const file of listCorpora(dir)) {
    const goldenPath = file.replace(/\.txt$/, '.golden.json');
    const sessions = readCorpusFile(file);
    if (!fs.existsSync(goldenPath)) {
      test(`${path.relative(root, file)}: recorded replies`, () => {
        assert.fail(`${path.relative(root, goldenPath)} is missing: run npm run golden:record -- redis`);
      });
      continue;
    }
    const golden = JSON.parse(fs.readFileSync(goldenPath, 'utf8')) as GoldenFile;
    let index = 0;
    for (const session of sessions) {
      const start = index;
      index += session.steps.filter((s) => s.kind === 'command').length;
      const first = session.steps.find((s) => s.kind === 'command');
      const name = `${path.relative(root, file)}:${session.line} ${first?.text ?? ''}`;
      test(name, async (t) => {
        const missing = session.requires.filter((c) => !implemented.has(c));
        if (missing.length > 0) {
          t.skip(`needs ${missing.join(', ')}`);
          return;
        }
        await replaySession(file, session, golden, start);
      });
    }
  }
}
