// Replies recorded from redis-server 7.0.15 print doubles as "%.17g"; Redis 7.2+ (and Ferrous,
// which follows 7.4) print d2string's shortest text (0.1, not 0.10000000000000001). For tests
// that replay 7.0 recordings of scored replies (ZRANGE ... WITHSCORES), this rewrites each score
// of the recorded reply into its 7.4 text; nothing else in the reply changes.

import { formatDouble } from '../../src/store/number-text';

function parseScore(text: string): number {
  if (text === 'inf') return Infinity;
  if (text === '-inf') return -Infinity;
  return Number(text);
}

/** The 7.4 text of a recorded RESP2 reply to `cmd`, when it is a WITHSCORES array; else the reply. */
export function asRedis74Reply(cmd: readonly string[], reply: string): string {
  if (!cmd.some((a) => a.toUpperCase() === 'WITHSCORES') || !reply.startsWith('*')) return reply;
  let pos = reply.indexOf('\r\n') + 2;
  const count = Number(reply.slice(1, pos - 2));
  let out = reply.slice(0, pos);
  for (let i = 0; i < count; i++) {
    if (reply[pos] !== '$') return reply; // not a flat array of bulk strings
    const eol = reply.indexOf('\r\n', pos);
    const len = Number(reply.slice(pos + 1, eol));
    const text = reply.slice(eol + 2, eol + 2 + len);
    const item = i % 2 === 1 ? formatDouble(parseScore(text)) : text;
    out += '$' + item.length + '\r\n' + item + '\r\n';
    pos = eol + 2 + len + 2;
  }
  return out + reply.slice(pos);
}
