// The Redis golden corpus format, shared by the recorder (test/golden/record-redis.ts) and the
// replay test (test/commands/golden.test.ts). Documented for corpus authors in
// test/golden/README.md.
//
// A corpus file test/golden/redis/<family>.txt holds command lines in redis-cli syntax:
//
//   # comment                 blank lines and comments are ignored
//   SET k "a\x00b\n"          arguments split as redis-cli's sdssplitargs does
//   ---                       a new session: fresh connection, FLUSHALL first
//   !unordered KEYS *         compare with every array's elements sorted (hash order differs)
//   !any RANDOMKEY            send, check only that a reply came (its bytes are not compared)
//   !type TTL k               compare only the reply's type byte (':' vs '-' ...)
//   !sleep 120                wait 120 ms (both when recording and when replaying)
//   !resp3                    send HELLO 3 (reply not compared); the session now speaks RESP3
//   !requires rpush hset      the session needs these commands; replay skips it (reporting
//                             why) while the server does not implement one of them
//   !expand SET k {ab*1000}   arguments written {text*N} become text repeated N times
//                             (big values without big corpus lines)
//
// The recorder stores test/golden/redis/<family>.golden.json: the Redis version and, for
// every command line in order, {line, cmd, reply} with the exact reply frame (latin1 bytes).

import * as fs from 'node:fs';
import { frameLength } from '../../support/resp-client';
import { splitCorpusArgs } from '../../support/split-args';

export type Matcher = 'exact' | 'unordered' | 'any' | 'type';

export interface CorpusStep {
  /** 1-based line in the corpus file. */
  line: number;
  /** The line as written (identifies the step in the golden file). */
  text: string;
  kind: 'command' | 'sleep' | 'resp3';
  argv: string[];
  matcher: Matcher;
  sleepMs: number;
}

export interface CorpusSession {
  /** Line where the session starts (1 for the first). */
  line: number;
  steps: CorpusStep[];
  /** Lower-case command names the session needs (`!requires`). */
  requires: string[];
}

export interface GoldenEntry { line: number; cmd: string; reply: string }
export interface GoldenFile { redisVersion: string; entries: GoldenEntry[] }

/** Corpus lines split as redis-cli splits them (sdssplitargs); throws on bad quoting. */
export const splitArgs = splitCorpusArgs;

/** Parses a corpus file (read as latin1 so bytes stay bytes) into sessions. */
export function parseCorpus(text: string, name = 'corpus'): CorpusSession[] {
  const lines = text.split('\n');
  const sessions: CorpusSession[] = [{ line: 1, steps: [], requires: [] }];
  lines.forEach((raw, idx) => {
    const line = raw.replace(/\r$/, '');
    const trimmed = line.trim();
    const lineNo = idx + 1;
    if (trimmed === '' || trimmed.startsWith('#')) return;
    if (trimmed === '---') {
      sessions.push({ line: lineNo, steps: [], requires: [] });
      return;
    }
    const session = sessions[sessions.length - 1];
    let matcher: Matcher = 'exact';
    let body = trimmed;
    if (body.startsWith('!')) {
      const sp = body.indexOf(' ');
      const directive = sp < 0 ? body.slice(1) : body.slice(1, sp);
      const rest = sp < 0 ? '' : body.slice(sp + 1).trim();
      switch (directive) {
        case 'sleep': {
          const ms = Number(rest);
          if (!Number.isInteger(ms) || ms < 0 || ms > 10000) throw new Error(`${name}:${lineNo}: bad !sleep`);
          session.steps.push({ line: lineNo, text: line, kind: 'sleep', argv: [], matcher: 'any', sleepMs: ms });
          return;
        }
        case 'requires':
          session.requires.push(...rest.split(/\s+/).filter(Boolean).map((c) => c.toLowerCase()));
          return;
        case 'resp3':
          session.steps.push({ line: lineNo, text: line, kind: 'resp3', argv: ['HELLO', '3'], matcher: 'any', sleepMs: 0 });
          return;
        case 'unordered': case 'any': case 'type':
          matcher = directive;
          body = rest;
          break;
        case 'expand': {
          const argv = splitArgs(rest).map((a) => {
            const m = /^\{([^]*)\*(\d+)\}$/.exec(a);
            return m ? m[1].repeat(Number(m[2])) : a;
          });
          if (argv.length === 0) throw new Error(`${name}:${lineNo}: empty command`);
          session.steps.push({ line: lineNo, text: line, kind: 'command', argv, matcher: 'exact', sleepMs: 0 });
          return;
        }
        default:
          throw new Error(`${name}:${lineNo}: unknown directive !${directive}`);
      }
    }
    const argv = splitArgs(body);
    if (argv.length === 0) throw new Error(`${name}:${lineNo}: empty command`);
    session.steps.push({ line: lineNo, text: line, kind: 'command', argv, matcher, sleepMs: 0 });
  });
  return sessions.filter((s) => s.steps.length > 0);
}

export function readCorpusFile(file: string): CorpusSession[] {
  return parseCorpus(fs.readFileSync(file, 'latin1'), file);
}

/** Corpus files (*.txt) of a directory, sorted. */
export function listCorpora(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir).filter((f) => f.endsWith('.txt')).sort().map((f) => `${dir}/${f}`);
}

// ---- reply comparison ---------------------------------------------------------------------

interface Frame { head: string; children: Frame[]; raw: string }

/** Splits one reply frame into a tree (aggregates keep their header line). */
function parseFrame(buf: string, pos: number): [Frame, number] {
  const len = frameLength(buf, pos);
  if (len < 0) throw new Error(`incomplete frame: ${JSON.stringify(buf.slice(pos))}`);
  const end = buf.indexOf('\r\n', pos);
  const type = buf[pos];
  const head = buf.slice(pos, end + 2);
  const children: Frame[] = [];
  if ('*~>%|'.includes(type) && Number(head.slice(1, -2)) > 0) {
    let n = Number(head.slice(1, -2));
    if (type === '%' || type === '|') n *= 2;
    let p = end + 2;
    for (let i = 0; i < n; i++) {
      const [child, next] = parseFrame(buf, p);
      children.push(child);
      p = next;
    }
  }
  return [{ head, children, raw: buf.slice(pos, pos + len) }, pos + len];
}

function canonical(f: Frame): string {
  if (f.children.length === 0) return f.raw;
  const parts = f.children.map(canonical);
  if (f.head[0] === '%') {
    // Maps: sort key/value pairs by key.
    const pairs: string[] = [];
    for (let i = 0; i < parts.length; i += 2) pairs.push(parts[i] + parts[i + 1]);
    return f.head + pairs.sort().join('');
  }
  return f.head + parts.sort().join('');
}

/** The reply with the elements of every array/set/map sorted (for `!unordered`). */
export function unorderedForm(frame: string): string {
  return canonical(parseFrame(frame, 0)[0]);
}

/** True when `actual` matches `expected` under the matcher. */
export function repliesMatch(matcher: Matcher, expected: string, actual: string): boolean {
  switch (matcher) {
    case 'exact': return expected === actual;
    case 'any': return true;
    case 'type': return expected[0] === actual[0];
    case 'unordered': return unorderedForm(expected) === unorderedForm(actual);
  }
}
