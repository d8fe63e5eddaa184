// Incremental RESP request parser: bytes from a socket in, argv arrays (latin1 strings) out.
//
// It follows Redis's processInputBuffer (networking.c): a request starting with '*' is a
// multibulk request, anything else an inline request split like sdssplitargs. Limits and
// error texts are Redis's; after an error the connection must be closed once the error
// reply has been written (Redis's CLIENT_CLOSE_AFTER_REPLY).
//
// Hot path: a whole request usually lies in one chunk; then it is parsed with indexOf and a
// hand-written integer loop, and each argument becomes one latin1 string. Partial requests
// keep their parse state (remaining bulk count, current argv); a large bulk that spans many
// chunks is copied once into a buffer of its final size instead of re-concatenating.

import { constants as bufferConstants } from 'node:buffer';
import { splitArgs } from '../commands/split-args';

/** Longest inline request, and longest count line ("*n" / "$n") Redis accepts. */
export const PROTO_INLINE_MAX_SIZE = 1024 * 64;
/** Bulks at least this large are assembled apart from the query buffer when they span chunks. */
const BIG_BULK = 32 * 1024;
/**
 * Up to this size a big bulk's buffer is allocated at once when its header arrives; larger
 * ones collect their chunks and are joined when complete, so a client announcing a huge
 * bulk it never sends cannot make us allocate it.
 */
const BIG_BULK_PREALLOC = 16 * 1024 * 1024;
/** V8's longest string: a longer bulk cannot become a JS string (Redis allows 512 MB). */
const MAX_STRING_LENGTH = bufferConstants.MAX_STRING_LENGTH;

type Latin1Buffer = Buffer & { latin1Slice(start: number, end: number): string };

const EMPTY = Buffer.alloc(0) as Latin1Buffer;
/** Placeholder between requests (the next header allocates the request's own array). */
const NO_ARGV: string[] = [];
/** Requests with up to this many arguments get their argv array at its final size. */
const MAX_PREALLOCATED_ARGS = 1024;

export class RespParser {
  /** Redis's proto-max-bulk-len. */
  maxBulkLen = 512 * 1024 * 1024;
  /** Largest multibulk count accepted. Redis 7.0 checks ll > INT_MAX. */
  maxMultibulkLen = 2147483647;
  /**
   * True while the client must still authenticate: Redis then refuses multibulk counts over
   * 10 and bulks over 16384 bytes, so unauthenticated peers cannot make it allocate much.
   */
  unauthenticated = false;
  /** Set when a protocol error was found: the error reply text (without the leading '-'). */
  error: string | null = null;

  private buf: Latin1Buffer = EMPTY;
  private pos = 0;
  /** Bulks still to read for the current multibulk request; 0 = between requests. */
  private multibulkLen = 0;
  /** Length of the bulk being read, -1 = its "$n" line is still to be read. */
  private bulkLen = -1;
  private argv: string[] = NO_ARGV;
  /** Arguments of the current request read so far. */
  private argc = 0;
  /**
   * Big bulk being assembled across chunks: bigNeed bytes (with its CRLF) of which bigFill
   * have arrived, copied into `big` (preallocated) or kept as the list `bigChunks`.
   */
  private bigNeed = 0;
  private bigFill = 0;
  private big: Latin1Buffer | null = null;
  private bigChunks: Buffer[] | null = null;

  /**
   * Adds bytes read from the socket. A `transient` chunk is memory the caller reuses (the
   * server's shared read buffer): the parser copies what it must keep, and the caller calls
   * release() before the memory is reused.
   */
  feed(chunk: Buffer, transient = false): void {
    if (this.bigNeed !== 0) {
      // The big bulk takes what it still needs; whatever follows it is parsed normally.
      const n = Math.min(this.bigNeed - this.bigFill, chunk.length);
      if (this.big !== null) chunk.copy(this.big, this.bigFill, 0, n);
      else if (transient) this.bigChunks!.push(Buffer.from(chunk.subarray(0, n)));
      else this.bigChunks!.push(n === chunk.length ? chunk : chunk.subarray(0, n));
      this.bigFill += n;
      if (n === chunk.length) return;
      chunk = chunk.subarray(n);
    }
    if (this.pos >= this.buf.length) {
      this.buf = chunk as Latin1Buffer;
    } else {
      this.buf = Buffer.concat([this.buf.subarray(this.pos), chunk]) as Latin1Buffer;
    }
    this.pos = 0;
  }

  /**
   * Stops referring to the memory of a transient chunk: copies the unparsed rest of it (a
   * partial request, or requests left for later) into a buffer of its own.
   */
  release(): void {
    if (this.pos >= this.buf.length) {
      this.buf = EMPTY;
    } else {
      this.buf = Buffer.from(this.buf.subarray(this.pos)) as Latin1Buffer;
    }
    this.pos = 0;
  }

  /** Unparsed bytes held (Redis's qbuf), for CLIENT LIST and the query buffer limit. */
  get pendingBytes(): number {
    return this.buf.length - this.pos + this.bigFill;
  }

  /** True when a request has been started but not completed. */
  get inRequest(): boolean {
    return this.multibulkLen > 0 || this.pos < this.buf.length;
  }

  /**
   * Next complete request, or null when more bytes are needed or an error was found
   * (then `error` is set). An empty request (blank inline line, "*0") yields an empty argv.
   */
  next(): string[] | null {
    if (this.error !== null) return null;
    // The buffer may be let go when consumed (pos back to 0): count by what remains.
    const remaining = this.buf.length - this.pos;
    let argv: string[] | null;
    if (this.multibulkLen === 0) {
      if (this.pos >= this.buf.length) return null;
      if (this.buf[this.pos] !== 42 /* '*' */) {
        argv = this.parseInline();
        this.lastCommandBytes = remaining - (this.buf.length - this.pos);
        return argv;
      }
      if (!this.parseMultibulkHeader()) return null;
      if (this.multibulkLen === 0) { this.lastCommandBytes = remaining - (this.buf.length - this.pos); return []; }
    }
    argv = this.parseBulks();
    this.lastCommandBytes = remaining - (this.buf.length - this.pos);
    return argv;
  }

  /**
   * Bytes of the request next() returned last (from this read: a request split over reads
   * counts its last part). Redis keeps a request in the query buffer while it runs, so
   * CLIENT LIST shows it in qbuf.
   */
  lastCommandBytes = 0;

  private fail(message: string): null {
    this.error = message;
    this.buf = EMPTY;
    this.pos = 0;
    this.big = null;
    this.bigChunks = null;
    this.bigNeed = this.bigFill = 0;
    return null;
  }

  private parseMultibulkHeader(): boolean {
    const buf = this.buf;
    const start = this.pos;
    let n: number | null = countLine(buf, start, 42 /* '*' */);
    let cr = countLineEnd;
    if (n < 0) {
      cr = buf.indexOf(13, start);
      if (cr < 0) {
        if (buf.length - start > PROTO_INLINE_MAX_SIZE) this.fail('ERR Protocol error: too big mbulk count string');
        return false;
      }
      if (cr + 1 >= buf.length) return false; // the \n is not here yet
      n = parseInteger(buf, start + 1, cr);
    }
    if (n === null || n > this.maxMultibulkLen) {
      this.fail('ERR Protocol error: invalid multibulk length');
      return false;
    }
    if (n > 10 && this.unauthenticated) {
      this.fail('ERR Protocol error: unauthenticated multibulk length');
      return false;
    }
    this.pos = cr + 2;
    if (n > 0) {
      this.multibulkLen = n;
      // Sized once, as Redis's argv (up to 1024 slots before any argument arrived), so a
      // request costs one small array instead of a grown one.
      this.argv = n <= MAX_PREALLOCATED_ARGS ? new Array<string>(n) : [];
      this.argc = 0;
    }
    return true;
  }

  private parseBulks(): string[] | null {
    for (;;) {
      if (this.bigNeed !== 0) {
        if (this.bigFill < this.bigNeed) return null;
        const whole = (this.big ?? Buffer.concat(this.bigChunks!, this.bigNeed)) as Latin1Buffer;
        this.argv[this.argc++] = whole.latin1Slice(0, this.bigNeed - 2);
        this.big = null;
        this.bigChunks = null;
        this.bigNeed = this.bigFill = 0;
        this.bulkLen = -1;
        if (--this.multibulkLen === 0) return this.finish();
        continue;
      }
      const buf = this.buf;
      let pos = this.pos;
      if (this.bulkLen < 0) {
        // Fast path: a well-formed "$<digits>\r\n" scanned and parsed in one loop.
        let n: number | null = countLine(buf, pos, 36 /* '$' */);
        let cr = countLineEnd;
        if (n < 0) {
          cr = buf.indexOf(13, pos);
          if (cr < 0) {
            if (buf.length - pos > PROTO_INLINE_MAX_SIZE) return this.fail('ERR Protocol error: too big bulk count string');
            return null;
          }
          if (cr + 1 >= buf.length) return null;
          if (buf[pos] !== 36 /* '$' */) {
            return this.fail(`ERR Protocol error: expected '$', got '${String.fromCharCode(buf[pos])}'`);
          }
          n = parseInteger(buf, pos + 1, cr);
        }
        if (n === null || n < 0 || n > this.maxBulkLen || n > MAX_STRING_LENGTH) return this.fail('ERR Protocol error: invalid bulk length');
        if (n > 16384 && this.unauthenticated) return this.fail('ERR Protocol error: unauthenticated bulk length');
        this.bulkLen = n;
        pos = this.pos = cr + 2;
      }
      const len = this.bulkLen;
      const available = buf.length - pos;
      if (available < len + 2) {
        if (len >= BIG_BULK) {
          // Assemble it in its own buffer: no repeated concatenation of a growing query buffer.
          this.bigNeed = len + 2;
          this.bigFill = available;
          if (len + 2 <= BIG_BULK_PREALLOC) {
            this.big = Buffer.allocUnsafe(len + 2) as Latin1Buffer;
            buf.copy(this.big, 0, pos, buf.length);
          } else {
            this.bigChunks = [Buffer.from(buf.subarray(pos))];
          }
          this.buf = EMPTY;
          this.pos = 0;
        }
        return null;
      }
      const argc = this.argc++;
      this.argv[argc] = argc === 0 && len <= MAX_INTERNED_LENGTH ? internedSlice(buf, pos, len) : sliceLatin1(buf, pos, len);
      this.pos = pos + len + 2; // Redis skips the two bytes after a bulk without checking them
      this.bulkLen = -1;
      if (--this.multibulkLen === 0) return this.finish();
    }
  }

  private finish(): string[] {
    const argv = this.argv;
    this.argv = NO_ARGV;
    if (this.pos >= this.buf.length) {
      this.buf = EMPTY;
      this.pos = 0;
    }
    return argv;
  }

  private parseInline(): string[] | null {
    const buf = this.buf;
    const start = this.pos;
    const nl = buf.indexOf(10, start);
    if (nl < 0) {
      if (buf.length - start > PROTO_INLINE_MAX_SIZE) return this.fail('ERR Protocol error: too big inline request');
      return null;
    }
    let end = nl;
    if (end !== start && buf[end - 1] === 13) end--;
    const argv = splitArgs(buf.latin1Slice(start, end));
    if (argv === null) return this.fail('ERR Protocol error: unbalanced quotes in request');
    this.pos = nl + 1;
    if (this.pos >= buf.length) {
      this.buf = EMPTY;
      this.pos = 0;
    }
    return argv;
  }
}

/** Where countLine found the line's '\r'. */
let countLineEnd = 0;

/**
 * The common case of a count line: `prefix`, 1 to 15 digits without a leading zero (or a
 * lone "0"), CR and the LF already in the buffer. Returns the count and sets countLineEnd to
 * the CR, or -1 for anything else (the caller's general path then decides: incomplete line,
 * negative count, protocol error). One pass instead of indexOf plus a parse.
 */
function countLine(buf: Buffer, start: number, prefix: number): number {
  if (buf[start] !== prefix) return -1;
  const first = start + 1;
  const limit = Math.min(buf.length, first + 15);
  let i = first;
  let n = 0;
  for (; i < limit; i++) {
    const d = buf[i] - 48;
    if (d < 0 || d > 9) break;
    n = n * 10 + d;
  }
  if (i === first || i + 1 >= buf.length || buf[i] !== 13) return -1;
  if (buf[first] === 48 /* '0' */ && i !== first + 1) return -1;
  countLineEnd = i;
  return n;
}

// ---- interned command names ---------------------------------------------------------------
//
// Every request's first argument is a command name: instead of slicing a fresh string for it
// (a call into C++) and hashing that string again in the command table's map, the parser
// returns one shared string per known spelling, found by a hash of the bytes. The table is
// seeded with the command names (internName) and never grows from client input.

/** Longest first argument looked up among the interned names. */
const MAX_INTERNED_LENGTH = 24;
const INTERN_SLOTS = 2048; // power of two
const internTable: Array<string | undefined> = new Array<string | undefined>(INTERN_SLOTS).fill(undefined);

function internSlot(hash: number): number {
  return (hash ^ (hash >>> 11)) & (INTERN_SLOTS - 1);
}

/** Adds a spelling to the interned names (first one wins a slot; collisions just miss). */
export function internName(name: string): void {
  if (name.length > MAX_INTERNED_LENGTH) return;
  let h = name.length;
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c > 255) return;
    h = Math.imul(h, 31) + c | 0;
  }
  const slot = internSlot(h);
  if (internTable[slot] === undefined) internTable[slot] = name;
}

/** buf[pos, pos+len) as a string: the interned one when it is a known name. */
function internedSlice(buf: Latin1Buffer, pos: number, len: number): string {
  let h = len;
  for (let i = 0; i < len; i++) h = Math.imul(h, 31) + buf[pos + i] | 0;
  const name = internTable[internSlot(h)];
  if (name !== undefined && name.length === len) {
    let i = 0;
    while (i < len && name.charCodeAt(i) === buf[pos + i]) i++;
    if (i === len) return name;
  }
  return sliceLatin1(buf, pos, len);
}

const fromCharCode = String.fromCharCode;

/**
 * buf[pos, pos+len) as a latin1 string. Strings up to 32 bytes (most keys and values) are built by
 * String.fromCharCode with the bytes as arguments, which V8 compiles inline: 2-3x faster than
 * latin1Slice, a call into C++ that costs ~35 ns however short the string.
 */
function sliceLatin1(b: Latin1Buffer, p: number, len: number): string {
  switch (len) {
    case 0: return '';
    case 1: return fromCharCode(b[p]);
    case 2: return fromCharCode(b[p], b[p + 1]);
    case 3: return fromCharCode(b[p], b[p + 1], b[p + 2]);
    case 4: return fromCharCode(b[p], b[p + 1], b[p + 2], b[p + 3]);
    case 5: return fromCharCode(b[p], b[p + 1], b[p + 2], b[p + 3], b[p + 4]);
    case 6: return fromCharCode(b[p], b[p + 1], b[p + 2], b[p + 3], b[p + 4], b[p + 5]);
    case 7: return fromCharCode(b[p], b[p + 1], b[p + 2], b[p + 3], b[p + 4], b[p + 5], b[p + 6]);
    case 8: return fromCharCode(b[p], b[p + 1], b[p + 2], b[p + 3], b[p + 4], b[p + 5], b[p + 6], b[p + 7]);
    case 9: return fromCharCode(b[p], b[p + 1], b[p + 2], b[p + 3], b[p + 4], b[p + 5], b[p + 6], b[p + 7], b[p + 8]);
    case 10: return fromCharCode(b[p], b[p + 1], b[p + 2], b[p + 3], b[p + 4], b[p + 5], b[p + 6], b[p + 7], b[p + 8], b[p + 9]);
    case 11: return fromCharCode(b[p], b[p + 1], b[p + 2], b[p + 3], b[p + 4], b[p + 5], b[p + 6], b[p + 7], b[p + 8], b[p + 9], b[p + 10]);
    case 12: return fromCharCode(b[p], b[p + 1], b[p + 2], b[p + 3], b[p + 4], b[p + 5], b[p + 6], b[p + 7], b[p + 8], b[p + 9], b[p + 10], b[p + 11]);
    case 13: return fromCharCode(b[p], b[p + 1], b[p + 2], b[p + 3], b[p + 4], b[p + 5], b[p + 6], b[p + 7], b[p + 8], b[p + 9], b[p + 10], b[p + 11], b[p + 12]);
    case 14: return fromCharCode(b[p], b[p + 1], b[p + 2], b[p + 3], b[p + 4], b[p + 5], b[p + 6], b[p + 7], b[p + 8], b[p + 9], b[p + 10], b[p + 11], b[p + 12], b[p + 13]);
    case 15: return fromCharCode(b[p], b[p + 1], b[p + 2], b[p + 3], b[p + 4], b[p + 5], b[p + 6], b[p + 7], b[p + 8], b[p + 9], b[p + 10], b[p + 11], b[p + 12], b[p + 13], b[p + 14]);
    case 16: return fromCharCode(b[p], b[p + 1], b[p + 2], b[p + 3], b[p + 4], b[p + 5], b[p + 6], b[p + 7], b[p + 8], b[p + 9], b[p + 10], b[p + 11], b[p + 12], b[p + 13], b[p + 14], b[p + 15]);
    case 17: return fromCharCode(b[p], b[p + 1], b[p + 2], b[p + 3], b[p + 4], b[p + 5], b[p + 6], b[p + 7], b[p + 8], b[p + 9], b[p + 10], b[p + 11], b[p + 12], b[p + 13], b[p + 14], b[p + 15], b[p + 16]);
    case 18: return fromCharCode(b[p], b[p + 1], b[p + 2], b[p + 3], b[p + 4], b[p + 5], b[p + 6], b[p + 7], b[p + 8], b[p + 9], b[p + 10], b[p + 11], b[p + 12], b[p + 13], b[p + 14], b[p + 15], b[p + 16], b[p + 17]);
    case 19: return fromCharCode(b[p], b[p + 1], b[p + 2], b[p + 3], b[p + 4], b[p + 5], b[p + 6], b[p + 7], b[p + 8], b[p + 9], b[p + 10], b[p + 11], b[p + 12], b[p + 13], b[p + 14], b[p + 15], b[p + 16], b[p + 17], b[p + 18]);
    case 20: return fromCharCode(b[p], b[p + 1], b[p + 2], b[p + 3], b[p + 4], b[p + 5], b[p + 6], b[p + 7], b[p + 8], b[p + 9], b[p + 10], b[p + 11], b[p + 12], b[p + 13], b[p + 14], b[p + 15], b[p + 16], b[p + 17], b[p + 18], b[p + 19]);
    case 21: return fromCharCode(b[p], b[p + 1], b[p + 2], b[p + 3], b[p + 4], b[p + 5], b[p + 6], b[p + 7], b[p + 8], b[p + 9], b[p + 10], b[p + 11], b[p + 12], b[p + 13], b[p + 14], b[p + 15], b[p + 16], b[p + 17], b[p + 18], b[p + 19], b[p + 20]);
    case 22: return fromCharCode(b[p], b[p + 1], b[p + 2], b[p + 3], b[p + 4], b[p + 5], b[p + 6], b[p + 7], b[p + 8], b[p + 9], b[p + 10], b[p + 11], b[p + 12], b[p + 13], b[p + 14], b[p + 15], b[p + 16], b[p + 17], b[p + 18], b[p + 19], b[p + 20], b[p + 21]);
    case 23: return fromCharCode(b[p], b[p + 1], b[p + 2], b[p + 3], b[p + 4], b[p + 5], b[p + 6], b[p + 7], b[p + 8], b[p + 9], b[p + 10], b[p + 11], b[p + 12], b[p + 13], b[p + 14], b[p + 15], b[p + 16], b[p + 17], b[p + 18], b[p + 19], b[p + 20], b[p + 21], b[p + 22]);
    case 24: return fromCharCode(b[p], b[p + 1], b[p + 2], b[p + 3], b[p + 4], b[p + 5], b[p + 6], b[p + 7], b[p + 8], b[p + 9], b[p + 10], b[p + 11], b[p + 12], b[p + 13], b[p + 14], b[p + 15], b[p + 16], b[p + 17], b[p + 18], b[p + 19], b[p + 20], b[p + 21], b[p + 22], b[p + 23]);
    case 25: return fromCharCode(b[p], b[p + 1], b[p + 2], b[p + 3], b[p + 4], b[p + 5], b[p + 6], b[p + 7], b[p + 8], b[p + 9], b[p + 10], b[p + 11], b[p + 12], b[p + 13], b[p + 14], b[p + 15], b[p + 16], b[p + 17], b[p + 18], b[p + 19], b[p + 20], b[p + 21], b[p + 22], b[p + 23], b[p + 24]);
    case 26: return fromCharCode(b[p], b[p + 1], b[p + 2], b[p + 3], b[p + 4], b[p + 5], b[p + 6], b[p + 7], b[p + 8], b[p + 9], b[p + 10], b[p + 11], b[p + 12], b[p + 13], b[p + 14], b[p + 15], b[p + 16], b[p + 17], b[p + 18], b[p + 19], b[p + 20], b[p + 21], b[p + 22], b[p + 23], b[p + 24], b[p + 25]);
    case 27: return fromCharCode(b[p], b[p + 1], b[p + 2], b[p + 3], b[p + 4], b[p + 5], b[p + 6], b[p + 7], b[p + 8], b[p + 9], b[p + 10], b[p + 11], b[p + 12], b[p + 13], b[p + 14], b[p + 15], b[p + 16], b[p + 17], b[p + 18], b[p + 19], b[p + 20], b[p + 21], b[p + 22], b[p + 23], b[p + 24], b[p + 25], b[p + 26]);
    case 28: return fromCharCode(b[p], b[p + 1], b[p + 2], b[p + 3], b[p + 4], b[p + 5], b[p + 6], b[p + 7], b[p + 8], b[p + 9], b[p + 10], b[p + 11], b[p + 12], b[p + 13], b[p + 14], b[p + 15], b[p + 16], b[p + 17], b[p + 18], b[p + 19], b[p + 20], b[p + 21], b[p + 22], b[p + 23], b[p + 24], b[p + 25], b[p + 26], b[p + 27]);
    case 29: return fromCharCode(b[p], b[p + 1], b[p + 2], b[p + 3], b[p + 4], b[p + 5], b[p + 6], b[p + 7], b[p + 8], b[p + 9], b[p + 10], b[p + 11], b[p + 12], b[p + 13], b[p + 14], b[p + 15], b[p + 16], b[p + 17], b[p + 18], b[p + 19], b[p + 20], b[p + 21], b[p + 22], b[p + 23], b[p + 24], b[p + 25], b[p + 26], b[p + 27], b[p + 28]);
    case 30: return fromCharCode(b[p], b[p + 1], b[p + 2], b[p + 3], b[p + 4], b[p + 5], b[p + 6], b[p + 7], b[p + 8], b[p + 9], b[p + 10], b[p + 11], b[p + 12], b[p + 13], b[p + 14], b[p + 15], b[p + 16], b[p + 17], b[p + 18], b[p + 19], b[p + 20], b[p + 21], b[p + 22], b[p + 23], b[p + 24], b[p + 25], b[p + 26], b[p + 27], b[p + 28], b[p + 29]);
    case 31: return fromCharCode(b[p], b[p + 1], b[p + 2], b[p + 3], b[p + 4], b[p + 5], b[p + 6], b[p + 7], b[p + 8], b[p + 9], b[p + 10], b[p + 11], b[p + 12], b[p + 13], b[p + 14], b[p + 15], b[p + 16], b[p + 17], b[p + 18], b[p + 19], b[p + 20], b[p + 21], b[p + 22], b[p + 23], b[p + 24], b[p + 25], b[p + 26], b[p + 27], b[p + 28], b[p + 29], b[p + 30]);
    case 32: return fromCharCode(b[p], b[p + 1], b[p + 2], b[p + 3], b[p + 4], b[p + 5], b[p + 6], b[p + 7], b[p + 8], b[p + 9], b[p + 10], b[p + 11], b[p + 12], b[p + 13], b[p + 14], b[p + 15], b[p + 16], b[p + 17], b[p + 18], b[p + 19], b[p + 20], b[p + 21], b[p + 22], b[p + 23], b[p + 24], b[p + 25], b[p + 26], b[p + 27], b[p + 28], b[p + 29], b[p + 30], b[p + 31]);
    default: return b.latin1Slice(p, p + len);
  }
}

/**
 * Redis's string2ll over buf[start..end): optional '-', digits, no leading zeros, no '+',
 * no spaces, within the safe integer range here (larger counts are invalid anyway).
 */
function parseInteger(buf: Buffer, start: number, end: number): number | null {
  if (start >= end) return null;
  let i = start;
  let negative = false;
  if (buf[i] === 45 /* '-' */) {
    negative = true;
    i++;
    if (i === end) return null;
  }
  if (buf[i] === 48 /* '0' */) {
    return i + 1 === end && !negative ? 0 : null;
  }
  if (end - i > 15) return null;
  let n = 0;
  for (; i < end; i++) {
    const d = buf[i] - 48;
    if (d < 0 || d > 9) return null;
    n = n * 10 + d;
  }
  return negative ? -n : n;
}

