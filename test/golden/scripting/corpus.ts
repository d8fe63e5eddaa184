// The scripting golden corpus format, shared by the recorder (record-scripting.ts) and the
// replay test (test/scripting/golden.test.ts).
//
// A corpus file (test/golden/scripting/*.txt recorded from redis-server, and the hand-written
// test/golden/scripting-7.4/*.txt) is one client session against a fresh server:
//
//   # a comment (kept as is by the recorder)
//   # requires: hset rpush        <- the file needs these commands; replay skips it otherwise
//   EVAL "return redis.call('get', KEYS[1])" 1 k
//   => "$-1\r\n"
//   !HELLO 3                      <- sent, reply not recorded or compared
//
// Command lines are split like redis-cli splits them (sdssplitargs): spaces separate
// arguments; "double quotes" understand \n \r \t \b \a \\ \" and \xHH; 'single quotes' only \'.
// The `=>` line under a command is the exact reply frame, as a JSON string whose code units are
// the bytes (latin1). The recorder rewrites the `=>` lines; everything else is input.

import * as fs from 'node:fs';
import { splitCorpusArgs } from '../../support/split-args';

export interface CorpusCommand {
  /** 1-based line of the command in the file. */
  line: number;
  /** The command line as written. */
  text: string;
  argv: string[];
  /** Sent but the reply is not compared (a `!` line). */
  unchecked: boolean;
  /** Recorded reply frame (latin1 bytes), if any. */
  expected: string | undefined;
}

export interface CorpusFile {
  path: string;
  requires: string[];
  commands: CorpusCommand[];
  /** The file's lines without the `=>` lines, for the recorder to rewrite. */
  inputLines: Array<{ text: string; command?: CorpusCommand }>;
}

/** Corpus lines split as redis-cli splits them (sdssplitargs); throws on bad quoting. */
export const splitArgs = splitCorpusArgs;

/** Reads a corpus file (latin1, so script bytes stay bytes). */
export function readCorpus(file: string): CorpusFile {
  const lines = fs.readFileSync(file, 'latin1').split('\n');
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  const result: CorpusFile = { path: file, requires: [], commands: [], inputLines: [] };
  let last: CorpusCommand | undefined;
  lines.forEach((raw, idx) => {
    const text = raw.replace(/\r$/, '');
    if (text.startsWith('=> ')) {
      if (!last) throw new Error(`${file}:${idx + 1}: reply line without a command`);
      last.expected = JSON.parse(text.slice(3)) as string;
      return;
    }
    if (text.trim() === '' || text.startsWith('#')) {
      const req = /^#\s*requires:\s*(.*)$/.exec(text);
      if (req) result.requires.push(...req[1].trim().split(/\s+/).filter(Boolean).map((s) => s.toLowerCase()));
      result.inputLines.push({ text });
      return;
    }
    const unchecked = text.startsWith('!');
    const body = unchecked ? text.slice(1) : text;
    const cmd: CorpusCommand = { line: idx + 1, text, argv: splitArgs(body), unchecked, expected: undefined };
    result.commands.push(cmd);
    result.inputLines.push({ text, command: cmd });
    last = cmd;
  });
  return result;
}

/** Writes a corpus file back with the given replies under their commands. */
export function writeCorpus(corpus: CorpusFile, replies: Map<CorpusCommand, string>): void {
  let out = '';
  for (const l of corpus.inputLines) {
    out += l.text + '\n';
    if (l.command && !l.command.unchecked) {
      const r = replies.get(l.command);
      if (r !== undefined) out += '=> ' + JSON.stringify(r) + '\n';
    }
  }
  fs.writeFileSync(corpus.path, out, 'latin1');
}

/** Lists the corpus files of a directory, sorted. */
export function listCorpusFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir).filter((f) => f.endsWith('.txt')).sort().map((f) => `${dir}/${f}`);
}
