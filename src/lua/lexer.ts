// The Lua 5.1 lexer (llex.c), with its exact error messages.
//
// Tokens are numbers: single-character tokens are their char code (< 256); reserved words and
// multi-character tokens start at FIRST_RESERVED. Source is a byte string (latin1).

import { LuaError } from './value';
import { chunkId, str2number } from './runtime';

export const FIRST_RESERVED = 257;
export const enum T {
  And = 257, Break, Do, Else, Elseif, End, False, For, Function, If, In, Local, Nil, Not, Or,
  Repeat, Return, Then, True, Until, While,
  Concat, Dots, Eq, Ge, Le, Ne, Number, Name, String, Eos,
}

const TOKEN_NAMES = [
  'and', 'break', 'do', 'else', 'elseif',
  'end', 'false', 'for', 'function', 'if',
  'in', 'local', 'nil', 'not', 'or', 'repeat',
  'return', 'then', 'true', 'until', 'while',
  '..', '...', '==', '>=', '<=', '~=',
  '<number>', '<name>', '<string>', '<eof>',
];

const RESERVED = new Map<string, number>();
for (let i = 0; i <= T.While - FIRST_RESERVED; i++) RESERVED.set(TOKEN_NAMES[i], FIRST_RESERVED + i);

/** Lexer error messages use luaO_chunkid with MAXSRC = 80. */
const MAXSRC = 80;

export function token2str(token: number): string {
  if (token < FIRST_RESERVED) {
    return token < 32 || token === 127 ? `char(${token})` : String.fromCharCode(token);
  }
  return TOKEN_NAMES[token - FIRST_RESERVED];
}

const EOZ = -1;

function isDigit(c: number): boolean { return c >= 48 && c <= 57; }
function isAlpha(c: number): boolean { return (c >= 97 && c <= 122) || (c >= 65 && c <= 90); }
function isAlnum(c: number): boolean { return isDigit(c) || isAlpha(c); }
function isSpace(c: number): boolean { return c === 32 || (c >= 9 && c <= 13); }

export class Lexer {
  private pos = 0;
  private current: number;
  /** ls->linenumber */
  line = 1;
  /** Line of the last token consumed by the parser (ls->lastline). */
  lastLine = 1;
  /** Current token. */
  token = 0;
  /** Its semantic value: string for names and strings, number for numbers. */
  value: string | number | undefined = undefined;
  /** Text of the most recent name/string/number token (the lexer buffer, for messages). */
  private buff = '';
  private aheadToken = T.Eos as number;
  private aheadValue: string | number | undefined = undefined;
  private aheadBuff = '';
  private hasAhead = false;
  source: string;
  private readonly shortSrc: string;
  /** More input on demand (load with a reader function); undefined = end of input. */
  private reader: (() => string | undefined) | undefined;

  constructor(source: string, chunkName: string, reader?: () => string | undefined) {
    this.source = source;
    this.shortSrc = chunkId(chunkName, MAXSRC);
    this.reader = reader;
    this.current = source.length > 0 ? source.charCodeAt(0) : this.fill(0);
  }

  /** Reads more input when position p is at the end; returns the char there or EOZ. */
  private fill(p: number): number {
    while (this.reader !== undefined && p >= this.source.length) {
      const more = this.reader();
      if (more === undefined) this.reader = undefined;
      else this.source += more;
    }
    return p < this.source.length ? this.source.charCodeAt(p) : EOZ;
  }

  /** The current character (a method so that TypeScript does not narrow it). */
  private peek(): number {
    return this.current;
  }

  private next(): void {
    const p = ++this.pos;
    this.current = p < this.source.length ? this.source.charCodeAt(p) : this.fill(p);
  }

  private currIsNewline(): boolean {
    return this.current === 10 || this.current === 13;
  }

  private incLineNumber(): void {
    const old = this.current;
    this.next(); // skip \n or \r
    if (this.currIsNewline() && this.current !== old) this.next(); // \n\r or \r\n
    this.line++;
  }

  /** Moves to the next token (luaX_next). */
  advance(): void {
    this.lastLine = this.line;
    if (this.hasAhead) {
      this.hasAhead = false;
      this.token = this.aheadToken;
      this.value = this.aheadValue;
      this.buff = this.aheadBuff;
    } else {
      this.token = this.llex();
      this.value = this.semValue;
    }
  }

  /** luaX_lookahead */
  lookahead(): number {
    const savedBuff = this.buff;
    this.aheadToken = this.llex();
    this.aheadValue = this.semValue;
    this.aheadBuff = this.buff;
    this.buff = savedBuff;
    this.hasAhead = true;
    return this.aheadToken;
  }

  error(msg: string, token: number): never {
    let m = `${this.shortSrc}:${this.line}: ${msg}`;
    if (token !== 0) m += ` near '${this.txtToken(token)}'`;
    throw new LuaError(m);
  }

  syntaxError(msg: string): never {
    return this.error(msg, this.token);
  }

  private txtToken(token: number): string {
    if (token === T.Name || token === T.String || token === T.Number) return this.buff;
    return token2str(token);
  }

  private semValue: string | number | undefined = undefined;

  private skipSep(): number {
    let count = 0;
    const s = this.current;
    this.saveAndNext();
    while (this.current === 61 /* = */) {
      this.saveAndNext();
      count++;
    }
    return this.current === s ? count : -count - 1;
  }

  // The buffer: text of the token being read (only kept for names, strings, numbers).
  private bufParts: string[] | undefined = undefined; // used when the buffer is not a slice
  private saveAndNext(): void {
    this.buffAppend(this.current);
    this.next();
  }
  private buffAppend(c: number): void {
    this.bufParts!.push(String.fromCharCode(c));
  }
  private resetBuffer(): void {
    this.bufParts = [];
  }
  private bufferText(): string {
    return this.bufParts!.join('');
  }

  private readLongString(isString: boolean, sep: number): string | undefined {
    this.saveAndNext(); // skip 2nd '['
    if (this.currIsNewline()) this.incLineNumber();
    const chunks: string[] = [];
    let runStart = this.pos;
    for (;;) {
      const c = this.current;
      if (c === EOZ) {
        this.buff = this.bufferText();
        this.error(isString ? 'unfinished long string' : 'unfinished long comment', T.Eos);
      } else if (c === 91 /* [ */) {
        chunks.push(this.source.slice(runStart, this.pos));
        const p0 = this.pos;
        if (this.skipSep() === sep) {
          this.saveAndNext();
          // LUA_COMPAT_LSTR == 1: a nested [[ in a level-0 long string is an error.
          if (sep === 0) {
            this.buff = this.bufferText();
            this.error('nesting of [[...]] is deprecated', 91);
          }
        }
        chunks.push(this.source.slice(p0, this.pos));
        runStart = this.pos;
      } else if (c === 93 /* ] */) {
        chunks.push(this.source.slice(runStart, this.pos));
        const p0 = this.pos;
        if (this.skipSep() === sep) {
          this.saveAndNext();
          break;
        }
        chunks.push(this.source.slice(p0, this.pos));
        runStart = this.pos;
      } else if (c === 10 || c === 13) {
        chunks.push(this.source.slice(runStart, this.pos));
        chunks.push('\n');
        this.incLineNumber();
        runStart = this.pos;
      } else {
        this.next();
      }
    }
    if (!isString) return undefined;
    // Reported text of a long string token: its contents are not shown in messages, the buffer
    // holds them; keep it small.
    const s = chunks.join('');
    this.buff = '[' + '='.repeat(sep) + '[' + s + ']' + '='.repeat(sep) + ']';
    return s;
  }

  private readString(del: number): string {
    const out: string[] = [];
    const quote = String.fromCharCode(del);
    this.next();
    let runStart = this.pos;
    const flush = () => { if (this.pos > runStart) out.push(this.source.slice(runStart, this.pos)); };
    while (this.current !== del) {
      const c = this.current;
      if (c === EOZ) {
        flush();
        this.buff = quote + out.join('');
        this.error('unfinished string', T.Eos);
      } else if (c === 10 || c === 13) {
        flush();
        this.buff = quote + out.join('');
        this.error('unfinished string', T.String);
      } else if (c === 92 /* \ */) {
        flush();
        this.next();
        let e: number;
        switch (this.current) {
          case 97: e = 7; break; // a
          case 98: e = 8; break; // b
          case 102: e = 12; break; // f
          case 110: e = 10; break; // n
          case 114: e = 13; break; // r
          case 116: e = 9; break; // t
          case 118: e = 11; break; // v
          case 10: case 13:
            out.push('\n');
            this.incLineNumber();
            runStart = this.pos;
            continue;
          case EOZ:
            runStart = this.pos;
            continue; // error on the next iteration
          default: {
            if (!isDigit(this.current)) {
              out.push(String.fromCharCode(this.current));
              this.next();
            } else {
              let i = 0;
              let v = 0;
              do {
                v = 10 * v + (this.current - 48);
                this.next();
              } while (++i < 3 && isDigit(this.current));
              if (v > 255) {
                this.buff = quote + out.join('');
                this.error('escape sequence too large', T.String);
              }
              out.push(String.fromCharCode(v));
            }
            runStart = this.pos;
            continue;
          }
        }
        out.push(String.fromCharCode(e));
        this.next();
        runStart = this.pos;
      } else {
        this.next();
      }
    }
    flush();
    this.next(); // closing delimiter
    const s = out.join('');
    this.buff = quote + s + quote;
    return s;
  }

  private readNumeral(start: number): number {
    // `start` is where the numeral begins (a digit, or a '.' already consumed).
    do {
      this.next();
    } while (isDigit(this.current) || this.current === 46);
    if (this.current === 69 || this.current === 101) { // E e
      this.next();
      const c = this.peek();
      if (c === 43 || c === 45) this.next();
    }
    while (isAlnum(this.current) || this.current === 95) this.next();
    const text = this.source.slice(start, this.pos);
    this.buff = text;
    const v = str2number(text);
    if (v === undefined || /^[ \t\n\v\f\r]|[ \t\n\v\f\r]$/.test(text)) this.error('malformed number', T.Number);
    return v;
  }

  private llex(): number {
    this.semValue = undefined;
    for (;;) {
      const c = this.current;
      switch (c) {
        case 10: case 13:
          this.incLineNumber();
          continue;
        case 45: { // -
          this.next();
          if (this.current !== 45) return 45;
          this.next();
          if (this.peek() === 91) {
            this.resetBuffer();
            const sep = this.skipSep();
            if (sep >= 0) {
              this.readLongString(false, sep);
              continue;
            }
          }
          while (!this.currIsNewline() && this.peek() !== EOZ) this.next();
          continue;
        }
        case 91: { // [
          this.resetBuffer();
          const sep = this.skipSep();
          if (sep >= 0) {
            this.semValue = this.readLongString(true, sep);
            return T.String;
          } else if (sep === -1) {
            return 91;
          }
          this.buff = this.bufferText();
          return this.error('invalid long string delimiter', T.String);
        }
        case 61: // =
          this.next();
          if (this.current !== 61) return 61;
          this.next();
          return T.Eq;
        case 60: // <
          this.next();
          if (this.current !== 61) return 60;
          this.next();
          return T.Le;
        case 62: // >
          this.next();
          if (this.current !== 61) return 62;
          this.next();
          return T.Ge;
        case 126: // ~
          this.next();
          if (this.current !== 61) return 126;
          this.next();
          return T.Ne;
        case 34: case 39:
          this.semValue = this.readString(c);
          return T.String;
        case 46: { // .
          const start = this.pos;
          this.next();
          if (this.current === 46) {
            this.next();
            if (this.current === 46) {
              this.next();
              return T.Dots;
            }
            return T.Concat;
          }
          if (!isDigit(this.current)) return 46;
          this.pos--; // re-read from the '.'
          this.current = 46;
          this.semValue = this.readNumeral(start);
          return T.Number;
        }
        case EOZ:
          return T.Eos;
        default: {
          if (isSpace(c)) {
            this.next();
            continue;
          }
          if (isDigit(c)) {
            this.semValue = this.readNumeral(this.pos);
            return T.Number;
          }
          if (isAlpha(c) || c === 95) {
            const start = this.pos;
            do {
              this.next();
            } while (isAlnum(this.current) || this.current === 95);
            const name = this.source.slice(start, this.pos);
            const r = RESERVED.get(name);
            if (r !== undefined) return r;
            this.semValue = name;
            this.buff = name;
            return T.Name;
          }
          this.next();
          return c;
        }
      }
    }
  }
}
