// A raw RESP client for tests and golden recording: sends commands, returns each reply as
// the exact bytes the server wrote (a latin1 string), so replies can be compared byte for byte.
// It knows just enough RESP2/RESP3 to find where one reply frame ends.

import * as net from 'node:net';

/** Length of the complete RESP frame at buf[pos..], or -1 if more bytes are needed. */
export function frameLength(buf: string, pos = 0): number {
  const end = buf.indexOf('\r\n', pos);
  if (end < 0) return -1;
  const type = buf[pos];
  const header = buf.slice(pos + 1, end);
  const afterHeader = end + 2;
  switch (type) {
    case '+': case '-': case ':': case '_': case ',': case '#': case '(':
      return afterHeader - pos;
    case '$': case '=': case '!': {
      const n = Number(header);
      if (n < 0) return afterHeader - pos;
      if (buf.length < afterHeader + n + 2) return -1;
      return afterHeader + n + 2 - pos;
    }
    case '*': case '~': case '>': case '%': case '|': {
      let n = Number(header);
      if (n < 0) return afterHeader - pos;
      if (type === '%' || type === '|') n *= 2;
      let p = afterHeader;
      for (let i = 0; i < n; i++) {
        const len = frameLength(buf, p);
        if (len < 0) return -1;
        p += len;
      }
      // An attribute is followed by the reply it annotates.
      if (type === '|') {
        const len = frameLength(buf, p);
        if (len < 0) return -1;
        p += len;
      }
      return p - pos;
    }
    default:
      // Not RESP: treat up to the line end as one frame (so a test sees the garbage).
      return afterHeader - pos;
  }
}

/** Encodes one command as a RESP array of bulk strings (latin1 byte strings). */
export function encodeCommand(args: readonly string[]): string {
  let out = `*${args.length}\r\n`;
  for (const a of args) out += `$${a.length}\r\n${a}\r\n`;
  return out;
}

export class RawRespClient {
  private buffer = '';
  private waiters: Array<(frame: string) => void> = [];
  private closed = false;
  private closeWaiters: Array<() => void> = [];

  private constructor(private readonly socket: net.Socket) {
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => {
      this.buffer += chunk.toString('latin1');
      this.drain();
    });
    socket.on('close', () => {
      this.closed = true;
      for (const w of this.closeWaiters) w();
      this.closeWaiters = [];
    });
    socket.on('error', () => { /* reported through close */ });
  }

  static connect(port: number, host = '127.0.0.1'): Promise<RawRespClient> {
    return new Promise((resolve, reject) => {
      const socket = net.createConnection({ port, host });
      socket.once('connect', () => resolve(new RawRespClient(socket)));
      socket.once('error', reject);
    });
  }

  private drain(): void {
    while (this.waiters.length > 0) {
      const len = frameLength(this.buffer);
      if (len < 0) return;
      const frame = this.buffer.slice(0, len);
      this.buffer = this.buffer.slice(len);
      this.waiters.shift()!(frame);
    }
  }

  /** Writes raw bytes (latin1) without waiting for anything. */
  writeRaw(bytes: string): void {
    this.socket.write(Buffer.from(bytes, 'latin1'));
  }

  /** Next complete reply frame; rejects after timeoutMs or if the connection closes. */
  readFrame(timeoutMs = 5000): Promise<string> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        const i = this.waiters.indexOf(done);
        if (i >= 0) this.waiters.splice(i, 1);
        reject(new Error(`no reply within ${timeoutMs} ms (buffered: ${JSON.stringify(this.buffer)})`));
      }, timeoutMs);
      const done = (frame: string) => { clearTimeout(timer); resolve(frame); };
      this.waiters.push(done);
      this.drain();
      if (this.closed && this.waiters.includes(done)) {
        clearTimeout(timer);
        this.waiters.splice(this.waiters.indexOf(done), 1);
        reject(new Error(`connection closed (buffered: ${JSON.stringify(this.buffer)})`));
      }
    });
  }

  /** Sends one command and returns its raw reply frame. */
  async command(...args: string[]): Promise<string> {
    this.writeRaw(encodeCommand(args));
    return this.readFrame();
  }

  /** Everything the server sends until it closes the connection (for protocol-error tests). */
  readUntilClose(timeoutMs = 5000): Promise<string> {
    return new Promise((resolve, reject) => {
      const finish = () => { clearTimeout(timer); const rest = this.buffer; this.buffer = ''; resolve(rest); };
      const timer = setTimeout(() => reject(new Error(`connection still open after ${timeoutMs} ms`)), timeoutMs);
      if (this.closed) finish(); else this.closeWaiters.push(finish);
    });
  }

  get isClosed(): boolean { return this.closed; }

  close(): void { this.socket.destroy(); }
}
