// ferrous-lua: runs Lua 5.1 scripts like the lua5.1 stand-alone interpreter.
//
//   ferrous-lua FILE.lua [args]    run a file (arg table, ... = args)
//   ferrous-lua -e 'code' [...]    run a string
//   ferrous-lua -                  run stdin
//   ferrous-lua -v                 version
//
// Errors are printed as "lua: msg" followed by a stack traceback, with exit code 1.

import * as fs from 'node:fs';
import { LuaState } from '../lua/state';
import { LuaTable, LuaError, type LuaValue } from '../lua/value';
import { rawToString, luaTraceback } from '../lua/runtime';

const PROGNAME = 'lua';

function bufferedWriter(fd: number): { write: (s: string) => void; flush: () => void } {
  let chunks: string[] = [];
  let size = 0;
  const flush = () => {
    if (size === 0) return;
    const buf = Buffer.from(chunks.join(''), 'latin1');
    chunks = [];
    size = 0;
    let off = 0;
    while (off < buf.length) {
      try {
        off += fs.writeSync(fd, buf, off);
      } catch (e: any) {
        if (e && e.code === 'EAGAIN') continue;
        throw e;
      }
    }
  };
  const write = (s: string) => {
    chunks.push(s);
    size += s.length;
    if (size > 1 << 16) flush();
  };
  return { write, flush };
}

/** lua.c's report(): the message, or undefined for a nil error value (nothing is printed). */
function errorMessage(e: unknown): { msg: string | undefined; traceback: boolean } {
  if (e instanceof LuaError) {
    const v = e.value;
    if (typeof v === 'string') return { msg: v, traceback: true };
    if (typeof v === 'number') return { msg: rawToString(v), traceback: true };
    if (v === undefined) return { msg: undefined, traceback: false };
    return { msg: '(error object is not a string)', traceback: false };
  }
  if (e instanceof RangeError) return { msg: 'stack overflow', traceback: true };
  return { msg: e instanceof Error ? `${e.name}: ${e.message}` : String(e), traceback: false };
}

export function main(argv: string[]): number {
  Error.stackTraceLimit = 50;
  const out = bufferedWriter(1);
  const err = bufferedWriter(2);
  const L = new LuaState({ stdout: out.write, stderr: err.write, loadDumped: true });
  (L as any).flushOutput = () => { out.flush(); err.flush(); };
  let status = 0;
  const report = (e: unknown, withTraceback = true) => {
    out.flush();
    status = 1;
    const { msg, traceback: tracebackWanted } = errorMessage(e);
    const traceback = withTraceback && tracebackWanted;
    if (msg === undefined) return;
    let text = msg;
    if (traceback) {
      const tb = luaTraceback(e);
      if (tb) text += '\n' + tb;
    }
    err.write(`${PROGNAME}: ${text}\n`);
    err.flush();
  };
  const run = (source: string, chunkName: string, args: LuaValue[]): boolean => {
    let f;
    try {
      f = L.load(source, chunkName);
    } catch (e) {
      report(e, false); // lua.c reports a syntax error without a traceback
      return false;
    }
    try {
      L.call(f, ...args);
    } catch (e) {
      report(e);
      return false;
    }
    return true;
  };

  // Options before the script.
  let i = 0;
  let ranSomething = false;
  const pending: (() => boolean)[] = [];
  for (; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') { i++; break; }
    if (a === '-') break;
    if (!a.startsWith('-')) break;
    if (a === '-v') {
      out.write('Lua 5.1.5  Copyright (C) 1994-2012 Lua.org, PUC-Rio (ferrous-lua)\n');
      ranSomething = true;
    } else if (a.startsWith('-e')) {
      const code = a.length > 2 ? a.slice(2) : argv[++i];
      if (code === undefined) {
        err.write(`${PROGNAME}: '-e' needs argument\n`);
        err.flush();
        return 1;
      }
      pending.push(() => run(Buffer.from(code, 'utf8').toString('latin1'), '=(command line)', []));
      ranSomething = true;
    } else if (a.startsWith('-l')) {
      const name = a.length > 2 ? a.slice(2) : argv[++i];
      pending.push(() => {
        const file = name + '.lua';
        try {
          return run(fs.readFileSync(file).toString('latin1'), '@' + file, []);
        } catch {
          report(new LuaError(`module '${name}' not found`));
          return false;
        }
      });
    } else if (a === '-i') {
      // interactive mode is not supported; ignore
    } else {
      err.write(`${PROGNAME}: unrecognized option '${a}'\nusage: ferrous-lua [options] [script [args]]\n`);
      err.flush();
      return 1;
    }
  }

  // The arg table: arg[0] = script, arg[1..] = its arguments, negative = interpreter and options.
  const argT = new LuaTable();
  const script = argv[i];
  argT.set(-(i + 1), 'ferrous-lua');
  for (let j = 0; j < argv.length; j++) argT.set(j - i, Buffer.from(argv[j], 'utf8').toString('latin1'));
  L.setGlobal('arg', argT);

  for (const p of pending) {
    if (!p()) { out.flush(); return 1; }
  }

  if (script !== undefined) {
    const scriptArgs = argv.slice(i + 1).map((s) => Buffer.from(s, 'utf8').toString('latin1'));
    let source: string;
    let chunkName: string;
    try {
      if (script === '-') {
        source = fs.readFileSync(0).toString('latin1');
        chunkName = '=stdin';
      } else {
        source = fs.readFileSync(script).toString('latin1');
        chunkName = '@' + script;
      }
    } catch (e: any) {
      const why: Record<string, string> = { ENOENT: 'No such file or directory', EACCES: 'Permission denied', EISDIR: 'Is a directory' };
      const reason = why[e?.code] ?? (e?.message ?? 'error');
      err.write(`${PROGNAME}: cannot ${e?.code === 'EISDIR' ? 'read' : 'open'} ${script}: ${reason}\n`);
      err.flush();
      return 1;
    }
    if (source.startsWith('#')) {
      // Skip a first line starting with '#' (keep the newline so line numbers stay right).
      const nl = source.indexOf('\n');
      source = nl < 0 ? '' : source.slice(nl);
    }
    run(source, chunkName, scriptArgs);
  } else if (!ranSomething) {
    // No script: read stdin as lua does when it is not a terminal.
    const source = fs.readFileSync(0).toString('latin1');
    run(source, '=stdin', []);
  }
  out.flush();
  err.flush();
  return status;
}

if (require.main === module) {
  process.exitCode = main(process.argv.slice(2));
}
