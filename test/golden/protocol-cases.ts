// The raw protocol cases shared by the recorder (record-protocol.ts) and the replay test
// (test/server/protocol.test.ts): bytes to send on a fresh connection, and how to collect
// the answer (everything until the server closes, or until it stays quiet for a while).

import * as net from 'node:net';
import { frameLength } from '../support/resp-client';

export interface ProtocolCase {
  name: string;
  /** Bytes to send (latin1), in one write unless split is given. */
  input: string;
  /** Run against a server started with requirepass 'pw'. */
  requirepass?: boolean;
  /** Leading reply frames not compared (HELLO's, which names the server version and id). */
  skipFrames?: number;
}

/** The part of a case's output that is compared: without its skipped leading frames. */
export function comparedOutput(c: ProtocolCase, output: string): string {
  let pos = 0;
  for (let i = 0; i < (c.skipFrames ?? 0); i++) {
    const len = frameLength(output, pos);
    if (len < 0) return output.slice(pos);
    pos += len;
  }
  return output.slice(pos);
}

export interface ProtocolGolden {
  redisVersion: string;
  cases: Array<{ name: string; output: string; closed: boolean }>;
}

const cmd = (...args: string[]) => `*${args.length}\r\n${args.map((a) => `$${a.length}\r\n${a}\r\n`).join('')}`;

export const PROTOCOL_CASES: ProtocolCase[] = [
  { name: 'multibulk PING', input: cmd('PING') },
  { name: 'inline PING CRLF', input: 'PING\r\n' },
  { name: 'inline PING LF only', input: 'PING\n' },
  { name: 'inline lower case with extra spaces', input: '  ping   \r\n' },
  { name: 'inline double quotes', input: 'ECHO "a b"\r\n' },
  { name: 'inline escapes', input: 'ECHO "\\x41\\x7a\\n\\t\\r\\b\\a\\\\\\"q"\r\n' },
  { name: 'inline bad hex escape', input: 'ECHO "\\xzz"\r\n' },
  { name: 'inline single quotes', input: "ECHO 'it\\'s \"x\"'\r\n" },
  { name: 'inline adjacent quoted args', input: 'ECHO "a" \'b\'\r\n' },
  { name: 'inline unbalanced double quote', input: 'ECHO "abc\r\nPING\r\n' },
  { name: 'inline unbalanced single quote', input: "ECHO 'abc\r\nPING\r\n" },
  { name: 'inline quote followed by char', input: 'ECHO "a"b\r\nPING\r\n' },
  { name: 'inline empty lines', input: '\r\n\n   \r\nPING\r\n' },
  { name: 'inline tab separated', input: 'ECHO\tx\r\n' },
  { name: 'inline unknown command', input: 'FOO bar baz\r\n' },
  { name: 'inline too big', input: 'x'.repeat(70 * 1024) },
  { name: 'inline just under the limit waits', input: 'x'.repeat(60 * 1024) },
  { name: 'pipeline mixed', input: 'PING\r\n' + cmd('ECHO', 'x') + 'ECHO y\r\n' + cmd('PING', 'z') },
  { name: 'null multibulk ignored', input: '*-1\r\n' + cmd('PING') },
  { name: 'empty multibulk ignored', input: '*0\r\n' + cmd('PING') },
  { name: 'invalid multibulk length', input: '*abc\r\n' },
  { name: 'multibulk length leading zero', input: '*01\r\n$4\r\nPING\r\n' },
  { name: 'multibulk length plus sign', input: '*+1\r\n$4\r\nPING\r\n' },
  { name: 'multibulk length too big', input: '*3000000000\r\nPING\r\n' },
  { name: 'multibulk length over 1M accepted', input: '*1048577\r\nPING\r\n' },
  { name: 'multibulk count string too big', input: '*' + '1'.repeat(70 * 1024) },
  { name: 'expected $', input: '*1\r\nPING\r\n' },
  { name: 'expected $ after good arg', input: '*2\r\n$4\r\nECHO\r\n:1\r\n' },
  { name: 'invalid bulk length', input: '*1\r\n$abc\r\n' },
  { name: 'negative bulk length', input: '*1\r\n$-1\r\n' },
  { name: 'bulk length leading zero', input: '*1\r\n$04\r\nPING\r\n' },
  { name: 'bulk length over proto-max-bulk-len', input: '*1\r\n$600000000\r\n' },
  { name: 'bulk count string too big', input: '*1\r\n$' + '1'.repeat(70 * 1024) },
  { name: 'bulk trailer not checked', input: '*1\r\n$4\r\nPINGxx' + cmd('PING') },
  { name: 'replies before protocol error', input: cmd('PING') + 'PING\r\n*1\r\n:x\r\n' + cmd('PING') },
  { name: 'error after partial multibulk', input: '*2\r\n$4\r\nECHO\r\n$3\r\nabc\r\n' + '*x\r\n' },
  { name: 'binary bulk', input: cmd('ECHO', 'a\x00b\r\n\xff\xfe') },
  { name: 'empty bulk', input: cmd('ECHO', '') },
  { name: 'arity error', input: cmd('GET') },
  { name: 'unknown command with many args', input: cmd('NOPE', 'a'.repeat(100), 'b'.repeat(100), 'c') },
  { name: 'unknown command newline in name', input: cmd('a\r\nb', 'x\ny') },
  { name: 'QUIT closes', input: cmd('QUIT') + cmd('PING') },
  { name: 'inline QUIT', input: 'QUIT\r\nPING\r\n' },
  { name: 'RESP2 reply types (DEBUG PROTOCOL)', input: ['string', 'integer', 'double', 'bignum', 'null', 'array', 'set', 'map', 'attrib', 'push', 'verbatim', 'true', 'false', 'nope'].map((t) => cmd('DEBUG', 'PROTOCOL', t)).join('') },
  { name: 'RESP3 reply types (DEBUG PROTOCOL)', input: cmd('HELLO', '3') + ['string', 'integer', 'double', 'bignum', 'null', 'array', 'set', 'map', 'attrib', 'push', 'verbatim', 'true', 'false'].map((t) => cmd('DEBUG', 'PROTOCOL', t)).join(''), skipFrames: 1 },
  { name: 'DEBUG POPULATE', input: cmd('DEBUG', 'POPULATE', '3') + cmd('DEBUG', 'POPULATE', '2', 'pre', '12') + cmd('MGET', 'key:0', 'key:2', 'pre:1', 'key:3') + cmd('DEBUG', 'POPULATE', 'x') + cmd('FLUSHALL') },
  { name: 'unauthenticated multibulk', input: '*20\r\n', requirepass: true },
  { name: 'unauthenticated bulk', input: '*1\r\n$20000\r\n', requirepass: true },
  { name: 'unauthenticated small command', input: cmd('GET', 'k'), requirepass: true },
  { name: 'unauthenticated auth then big', input: cmd('AUTH', 'pw') + '*20\r\n' + '$4\r\nPING\r\n'.repeat(0) + cmd('PING'), requirepass: true },
  { name: 'wrong password', input: cmd('AUTH', 'nope') + cmd('PING'), requirepass: true },
  { name: 'hello noauth', input: cmd('HELLO', '3') + cmd('HELLO', '2', 'AUTH', 'default', 'nope'), requirepass: true },
  { name: 'auth allowed commands', input: cmd('PING') + cmd('ECHO', 'x') + cmd('QUIT'), requirepass: true },
];

/**
 * Sends a case's bytes on a fresh connection and collects everything the server writes until
 * it closes the connection or stays quiet for quietMs.
 */
export function runProtocolCase(port: number, input: string, quietMs = 300): Promise<{ output: string; closed: boolean }> {
  return new Promise((resolve, reject) => {
    const socket = net.createConnection({ port, host: '127.0.0.1' });
    let output = '';
    let timer: NodeJS.Timeout | null = null;
    let done = false;
    const finish = (closed: boolean) => {
      if (done) return;
      done = true;
      if (timer !== null) clearTimeout(timer);
      socket.destroy();
      resolve({ output, closed });
    };
    const arm = () => {
      if (timer !== null) clearTimeout(timer);
      timer = setTimeout(() => finish(false), quietMs);
    };
    socket.on('connect', () => {
      socket.write(Buffer.from(input, 'latin1'));
      arm();
    });
    socket.on('data', (d) => { output += d.toString('latin1'); arm(); });
    socket.on('close', () => finish(true));
    socket.on('error', (e) => { if (!done && output === '') reject(e); else finish(true); });
  });
}
