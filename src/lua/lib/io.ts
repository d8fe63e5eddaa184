// The io library of Lua 5.1.5 (liolib.c) for the CLI: close flush input lines open output popen
// read tmpfile type write, and file methods close flush lines read seek setvbuf write.
//
// Files are synchronous Node fds read through a small buffer; bytes are latin1 strings.
// io.stdout and io.stderr write through the LuaState's stdout/stderr functions (so a host that
// captures print also captures io.write); io.stdin reads fd 0.

import * as fs from 'node:fs';
import { LuaTable, LuaUserdata, EMPTY, type LuaFunction, type LuaValue } from '../value';
import { addressOf, argError, luaError, typeError } from '../runtime';
import type { LuaState } from '../state';
import { numberToString14 } from './sformat';
import { str } from './string';
import { errnoOf, failResult, makeTempFile } from './os';

const CHUNK = 65536;

/** The C FILE behind a Lua file handle. */
class CFile {
  closed = false;
  /** Read-ahead buffer (latin1) and the position in it. */
  private buf = '';
  private bufPos = 0;
  /** File offset of the end of the buffer (for fds we seek ourselves). */
  private offset = 0;
  private eof = false;

  constructor(
    readonly fd: number,
    readonly kind: 'file' | 'stdin' | 'stdout' | 'stderr' | 'tmp',
    readonly append: boolean,
    readonly writer?: (s: string) => void,
  ) {}

  /** Makes at least n buffered bytes available if the file has them; false at end of file. */
  private fill(n: number): boolean {
    while (this.buf.length - this.bufPos < n && !this.eof) {
      const b = Buffer.allocUnsafe(CHUNK);
      let got: number;
      try {
        got = this.kind === 'stdin' ? fs.readSync(this.fd, b, 0, CHUNK, null) : fs.readSync(this.fd, b, 0, CHUNK, this.offset);
      } catch (e) {
        if ((e as { code?: string }).code === 'EAGAIN') continue;
        if ((e as { code?: string }).code === 'EOF') got = 0;
        else throw e;
      }
      if (got === 0) { this.eof = true; break; }
      this.offset += got;
      this.buf = this.buf.slice(this.bufPos) + b.toString('latin1', 0, got);
      this.bufPos = 0;
    }
    return this.buf.length - this.bufPos >= n;
  }

  peek(): number {
    this.fill(1);
    return this.bufPos < this.buf.length ? this.buf.charCodeAt(this.bufPos) : -1;
  }

  take(n: number): string {
    this.fill(n);
    const s = this.buf.slice(this.bufPos, this.bufPos + n);
    this.bufPos += s.length;
    return s;
  }

  /** A line without its "\n", or undefined at end of file with nothing read. */
  readLine(): string | undefined {
    let line = '';
    for (;;) {
      const nl = this.buf.indexOf('\n', this.bufPos);
      if (nl >= 0) {
        line += this.buf.slice(this.bufPos, nl);
        this.bufPos = nl + 1;
        return line;
      }
      line += this.buf.slice(this.bufPos);
      this.bufPos = this.buf.length;
      if (!this.fill(1)) return line.length > 0 ? line : undefined;
    }
  }

  readAll(): string {
    while (this.fill(this.buf.length - this.bufPos + CHUNK)) { /* keep reading */ }
    const s = this.buf.slice(this.bufPos);
    this.buf = '';
    this.bufPos = 0;
    return s;
  }

  /** fscanf("%lf"): skips white space, reads the longest numeral prefix; undefined if none. */
  readNumber(): number | undefined {
    while (true) {
      const c = this.peek();
      if (c === 32 || (c >= 9 && c <= 13)) this.bufPos++;
      else break;
    }
    this.fill(200);
    const rest = this.buf.slice(this.bufPos, this.bufPos + 200);
    const m = /^[-+]?(?:0[xX](?:[0-9a-fA-F]+\.?[0-9a-fA-F]*|\.[0-9a-fA-F]+)(?:[pP][-+]?[0-9]+)?|(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?|[iI][nN][fF](?:[iI][nN][iI][tT][yY])?|[nN][aA][nN])/.exec(rest);
    if (m === null) {
      // fscanf consumed a sign it could not complete; the character after it is pushed back
      if (rest[0] === '-' || rest[0] === '+') this.bufPos++;
      return undefined;
    }
    this.bufPos += m[0].length;
    const t = m[0];
    if (/^[-+]?0[xX]/.test(t)) {
      const neg = t[0] === '-';
      const body = t.replace(/^[-+]?0[xX]/, '');
      const [mant, exp] = body.split(/[pP]/);
      const [ip, fp = ''] = mant.split('.');
      let v = 0;
      for (const ch of ip) v = v * 16 + parseInt(ch, 16);
      let scale = 1 / 16;
      for (const ch of fp) { v += parseInt(ch, 16) * scale; scale /= 16; }
      if (exp !== undefined) v *= Math.pow(2, Number(exp));
      return neg ? -v : v;
    }
    if (/inf/i.test(t)) return t[0] === '-' ? -Infinity : Infinity;
    if (/nan/i.test(t)) return NaN;
    return Number(t);
  }

  atEof(): boolean {
    return !this.fill(1);
  }

  write(s: string): void {
    if (this.writer !== undefined) { this.writer(s); return; }
    // Writing after reading: continue at the logical position (drop the read-ahead).
    const logical = this.offset - (this.buf.length - this.bufPos);
    this.buf = '';
    this.bufPos = 0;
    this.eof = false;
    const b = Buffer.from(s, 'latin1');
    if (this.append) {
      fs.writeSync(this.fd, b, 0, b.length, null);
      this.offset = fs.fstatSync(this.fd).size;
    } else {
      fs.writeSync(this.fd, b, 0, b.length, logical);
      this.offset = logical + b.length;
    }
  }

  seek(whence: string, off: number): number {
    const logical = this.offset - (this.buf.length - this.bufPos);
    let pos: number;
    if (whence === 'set') pos = off;
    else if (whence === 'cur') pos = logical + off;
    else pos = fs.fstatSync(this.fd).size + off;
    if (pos < 0) throw Object.assign(new Error('EINVAL'), { code: 'EINVAL' });
    this.buf = '';
    this.bufPos = 0;
    this.eof = false;
    this.offset = pos;
    return pos;
  }

  close(): void {
    this.closed = true;
    if (this.kind === 'file' || this.kind === 'tmp') fs.closeSync(this.fd);
  }
}

/** fopen's mode: r, w, a with optional + (and b and other letters glibc ignores). */
function openFlags(mode: string): { flags: string; append: boolean } | undefined {
  const c = mode[0];
  if (c !== 'r' && c !== 'w' && c !== 'a') return undefined;
  const plus = mode.indexOf('+', 1) > 0;
  return { flags: c + (plus ? '+' : ''), append: c === 'a' };
}

export function openIo(L: LuaState): LuaTable {
  const meta = new LuaTable(); // the FILE* metatable
  const lib = new LuaTable();

  const newFile = (f: CFile): LuaUserdata => {
    const u = new LuaUserdata(f);
    u.metatable = meta;
    return u;
  };

  const fileOf = (v: unknown): CFile | undefined =>
    v instanceof LuaUserdata && v.metatable === meta ? (v.data as CFile) : undefined;

  /** luaL_checkudata(L, 1, "FILE*") then the closed check (tofile). */
  const toFile = (v: unknown, fname: string, nargs: number): CFile => {
    const f = fileOf(v);
    if (f === undefined) return typeError(1, fname, 'FILE*', v, nargs);
    if (f.closed) return luaError('attempt to use a closed file');
    return f;
  };

  const stdin = newFile(new CFile(0, 'stdin', false));
  const stdout = newFile(new CFile(1, 'stdout', false, (s) => L.stdout(s)));
  const stderr = newFile(new CFile(2, 'stderr', false, (s) => L.stderr(s)));
  let input = stdin;
  let output = stdout;

  const isStd = (u: LuaUserdata): boolean => u === stdin || u === stdout || u === stderr;

  const openFile = (name: string, mode: string): CFile => {
    const m = openFlags(mode);
    if (m === undefined) throw Object.assign(new Error('EINVAL'), { code: 'EINVAL' });
    const fd = fs.openSync(Buffer.from(name, 'latin1'), m.flags, 0o666);
    return new CFile(fd, 'file', m.append);
  };

  const closeHandle = (u: LuaUserdata): LuaValue | LuaValue[] => {
    if (isStd(u)) return [undefined, 'cannot close standard file'];
    const f = u.data as CFile;
    try {
      f.close();
      return true;
    } catch (e) {
      return failResult(e, undefined);
    }
  };

  const readFormats = (f: CFile, args: ArrayLike<unknown>, first: number, fname: string): LuaValue | LuaValue[] => {
    const nargs = args.length;
    if (nargs <= first) {
      const line = f.readLine();
      return line;
    }
    const out: LuaValue[] = [];
    for (let n = first; n < nargs; n++) {
      const a = args[n];
      let v: LuaValue;
      if (typeof a === 'number') {
        const count = Math.trunc(a);
        v = count <= 0 ? (f.atEof() ? undefined : '') : (() => { const s = f.take(count); return s.length > 0 ? s : undefined; })();
      } else {
        const p = typeof a === 'string' ? a : undefined;
        if (p === undefined || p[0] !== '*') argError(n + 1, fname, 'invalid option');
        switch (p![1]) {
          case 'n': v = f.readNumber(); break;
          case 'l': v = f.readLine(); break;
          case 'a': v = f.readAll(); break;
          default: return argError(n + 1, fname, 'invalid format');
        }
      }
      out.push(v);
      if (v === undefined) break; // a failed read ends the list (its nil is the last result)
    }
    return out.length === 1 ? out[0] : out;
  };

  /** g_write: every argument checked and converted, then one write (one syscall) for all. */
  const writeValues = (f: CFile, args: ArrayLike<unknown>, first: number, fname: string): void => {
    const nargs = args.length;
    let out = '';
    for (let i = first; i < nargs; i++) {
      const v = args[i];
      if (typeof v === 'string') out += v;
      else if (typeof v === 'number') out += numberToString14(v);
      else {
        if (out.length > 0) f.write(out); // what C wrote before the bad argument
        out = '';
        str(v, i + 1, fname, nargs);
      }
    }
    if (out.length > 0) f.write(out);
  };

  const linesIterator = (u: LuaUserdata, closeAtEof: boolean): LuaFunction => () => {
    const f = u.data as CFile;
    if (f.closed) return luaError('file is already closed');
    const line = f.readLine();
    if (line === undefined) {
      if (closeAtEof) closeHandle(u);
      return EMPTY;
    }
    return line;
  };

  // ---- file methods
  const fileMethods: [string, LuaFunction][] = [
    ['close', function (self: unknown): LuaValue | LuaValue[] {
      toFile(self, 'close', arguments.length);
      return closeHandle(self as LuaUserdata);
    }],
    ['flush', function (self: unknown): LuaValue {
      toFile(self, 'flush', arguments.length);
      return true;
    }],
    ['lines', function (self: unknown): LuaFunction {
      toFile(self, 'lines', arguments.length);
      return linesIterator(self as LuaUserdata, false);
    }],
    ['read', function (self: unknown): LuaValue | LuaValue[] {
      const f = toFile(self, 'read', arguments.length);
      return readFormats(f, arguments, 1, 'read');
    }],
    ['seek', function (self: unknown, w: unknown, o: unknown): LuaValue | LuaValue[] {
      const nargs = arguments.length;
      const f = toFile(self, 'seek', nargs);
      const whence = w === undefined ? 'cur' : str(w, 2, 'seek', nargs);
      if (whence !== 'set' && whence !== 'cur' && whence !== 'end') argError(2, 'seek', `invalid option '${whence}'`);
      const off = o === undefined ? 0 : Math.trunc(typeof o === 'number' ? o : Number(str(o, 3, 'seek', nargs)));
      try {
        return f.seek(whence, off);
      } catch (e) {
        return failResult(e, undefined);
      }
    }],
    ['setvbuf', function (self: unknown, m: unknown): LuaValue {
      const nargs = arguments.length;
      toFile(self, 'setvbuf', nargs);
      const mode = str(m, 2, 'setvbuf', nargs);
      if (mode !== 'no' && mode !== 'full' && mode !== 'line') argError(2, 'setvbuf', `invalid option '${mode}'`);
      return true;
    }],
    ['write', function (self: unknown): LuaValue | LuaValue[] {
      const f = toFile(self, 'write', arguments.length);
      try {
        writeValues(f, arguments, 1, 'write');
        return true;
      } catch (e) {
        if (e instanceof Error && (e as { code?: string }).code !== undefined) return failResult(e, undefined);
        throw e;
      }
    }],
  ];
  for (const [name, fn] of fileMethods) {
    fn.luaName = name;
    meta.set(name, fn);
  }
  meta.set('__index', meta);
  meta.set('__gc', () => EMPTY);
  meta.set('__tostring', (self: unknown) => {
    const f = fileOf(self);
    return f === undefined || f.closed ? 'file (closed)' : 'file (' + addressOf(self as object) + ')';
  });

  // ---- io functions
  const ioFunctions: [string, LuaFunction][] = [
    ['close', function (f: unknown): LuaValue | LuaValue[] {
      const target = arguments.length === 0 ? output : f;
      toFile(target, 'close', Math.max(arguments.length, 1));
      return closeHandle(target as LuaUserdata);
    }],
    ['flush', (): LuaValue => true],
    ['input', function (f: unknown): LuaValue {
      if (f !== undefined) {
        if (typeof f === 'string' || typeof f === 'number') {
          const name = str(f, 1, 'input', arguments.length);
          try {
            input = newFile(openFile(name, 'r'));
          } catch (e) {
            argError(1, 'input', name + ': ' + errnoOf(e)[1]);
          }
        } else {
          toFile(f, 'input', arguments.length);
          input = f as LuaUserdata;
        }
      }
      return input;
    }],
    ['lines', function (name: unknown): LuaFunction {
      if (name === undefined) {
        toFile(input, 'lines', 1);
        return linesIterator(input, false);
      }
      const filename = str(name, 1, 'lines', arguments.length);
      let u: LuaUserdata;
      try {
        u = newFile(openFile(filename, 'r'));
      } catch (e) {
        return argError(1, 'lines', filename + ': ' + errnoOf(e)[1]);
      }
      return linesIterator(u, true);
    }],
    ['open', function (name: unknown, mode: unknown): LuaValue | LuaValue[] {
      const nargs = arguments.length;
      const filename = str(name, 1, 'open', nargs);
      const m = mode === undefined ? 'r' : str(mode, 2, 'open', nargs);
      try {
        return newFile(openFile(filename, m));
      } catch (e) {
        return failResult(e, filename);
      }
    }],
    ['output', function (f: unknown): LuaValue {
      if (f !== undefined) {
        if (typeof f === 'string' || typeof f === 'number') {
          const name = str(f, 1, 'output', arguments.length);
          try {
            output = newFile(openFile(name, 'w'));
          } catch (e) {
            argError(1, 'output', name + ': ' + errnoOf(e)[1]);
          }
        } else {
          toFile(f, 'output', arguments.length);
          output = f as LuaUserdata;
        }
      }
      return output;
    }],
    ['popen', (): never => luaError("'popen' not supported")],
    ['read', function (): LuaValue | LuaValue[] {
      const f = input.data as CFile;
      if (f.closed) luaError('standard input file is closed');
      return readFormats(f, arguments, 0, 'read');
    }],
    ['tmpfile', function (): LuaValue | LuaValue[] {
      try {
        const name = makeTempFile();
        const fd = fs.openSync(name, 'w+');
        fs.unlinkSync(name); // tmpfile(3): gone when closed
        return newFile(new CFile(fd, 'tmp', false));
      } catch (e) {
        return failResult(e, undefined);
      }
    }],
    ['type', function (v: unknown): LuaValue {
      if (v === undefined && arguments.length === 0) argError(1, 'type', 'value expected');
      const f = fileOf(v);
      if (f === undefined) return undefined;
      return f.closed ? 'closed file' : 'file';
    }],
    ['write', function (): LuaValue | LuaValue[] {
      const f = output.data as CFile;
      if (f.closed) luaError('standard output file is closed');
      try {
        writeValues(f, arguments, 0, 'write');
        return true;
      } catch (e) {
        if (e instanceof Error && (e as { code?: string }).code !== undefined) return failResult(e, undefined);
        throw e;
      }
    }],
  ];
  for (const [name, fn] of ioFunctions) {
    fn.luaName = name;
    lib.set(name, fn);
  }
  lib.set('stdin', stdin);
  lib.set('stdout', stdout);
  lib.set('stderr', stderr);
  L.globals.set('io', lib);
  return lib;
}
