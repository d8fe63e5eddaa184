// The network layer's Reply sink: encodes RESP2 or RESP3 into a client's output string.
//
// Output is accumulated as one latin1 string per client and written to the socket once per
// event-loop turn (V8 concatenates into ropes; the socket flattens once when writing).
// Error replies are counted here, so the engine can keep errorstats and failed_calls.

import type { Reply } from '../commands/types';
import { formatDouble, integerText } from '../store/number-text';


/** Where encoded bytes go and what errors were emitted (the Client implements this). */
export interface OutputTarget {
  out: string;
  /**
   * Appends pieces too large to concatenate into `out` (big bulk replies): V8 strings have a
   * maximum length, and copying a huge value into a rope would double it for nothing.
   */
  appendLarge(pieces: readonly string[]): void;
  /** Called for each error reply, with its full text ('ERR ...'). */
  onErrorReply(text: string): void;
  /** Called after each append so the owner can schedule a flush (may be a no-op). */
  onOutput(): void;
}

/** Bulk replies longer than this are handed over as separate pieces (see appendLarge). */
const LARGE_BULK = 1024 * 1024;

/** "$<n>\r\n" for the bulk lengths most replies have, built once. */
const BULK_HEADERS: string[] = [];
for (let n = 0; n < 256; n++) BULK_HEADERS.push('$' + n + '\r\n');

/** Redis replaces CR and LF in error and status texts with spaces so the protocol stays valid. */
function oneLine(s: string): string {
  if (s.indexOf('\r') < 0 && s.indexOf('\n') < 0) return s;
  return s.replace(/[\r\n]/g, ' ');
}

export class RespWriter implements Reply {
  resp: 2 | 3 = 2;

  constructor(private readonly target: OutputTarget) {}

  status(s: string): void {
    this.target.out += s === 'OK' ? '+OK\r\n' : '+' + oneLine(s) + '\r\n';
    this.target.onOutput();
  }

  error(s: string): void {
    const text = oneLine(s);
    this.target.out += '-' + text + '\r\n';
    this.target.onErrorReply(text);
    this.target.onOutput();
  }

  integer(n: number | bigint): void {
    this.target.out += ':' + (typeof n === 'number' ? integerText(n) : String(n)) + '\r\n';
    this.target.onOutput();
  }

  bulk(s: string | null): void {
    if (s === null) {
      this.target.out += this.resp === 3 ? '_\r\n' : '$-1\r\n';
    } else if (s.length > LARGE_BULK) {
      this.target.appendLarge(['$' + s.length + '\r\n', s, '\r\n']);
    } else {
      const n = s.length;
      this.target.out += (n < 256 ? BULK_HEADERS[n] : '$' + n + '\r\n') + s + '\r\n';
    }
    this.target.onOutput();
  }

  nullArray(): void {
    this.target.out += this.resp === 3 ? '_\r\n' : '*-1\r\n';
    this.target.onOutput();
  }

  arrayLen(n: number): void {
    this.target.out += '*' + n + '\r\n';
    this.target.onOutput();
  }

  mapLen(n: number): void {
    this.target.out += this.resp === 3 ? '%' + n + '\r\n' : '*' + n * 2 + '\r\n';
    this.target.onOutput();
  }

  setLen(n: number): void {
    this.target.out += (this.resp === 3 ? '~' : '*') + n + '\r\n';
    this.target.onOutput();
  }

  pushLen(n: number): void {
    this.target.out += (this.resp === 3 ? '>' : '*') + n + '\r\n';
    this.target.onOutput();
  }

  double(d: number, exactText?: string): void {
    const text = exactText ?? formatDouble(d);
    this.target.out += this.resp === 3 ? ',' + text + '\r\n' : '$' + text.length + '\r\n' + text + '\r\n';
    this.target.onOutput();
  }

  bool(b: boolean): void {
    this.target.out += this.resp === 3 ? (b ? '#t\r\n' : '#f\r\n') : (b ? ':1\r\n' : ':0\r\n');
    this.target.onOutput();
  }

  bigNumber(digits: string): void {
    this.target.out += this.resp === 3 ? '(' + digits + '\r\n' : '$' + digits.length + '\r\n' + digits + '\r\n';
    this.target.onOutput();
  }

  /**
   * RESP3 attribute header ('|n', n key/value pairs follow, then the real reply). Not in the
   * Reply contract: RESP2 has no attributes, so callers only use it when resp === 3.
   */
  attributeLen(n: number): void {
    this.target.out += '|' + n + '\r\n';
    this.target.onOutput();
  }

  verbatim(format: string, text: string): void {
    if (this.resp === 3) {
      this.target.out += '=' + (text.length + 4) + '\r\n' + format + ':' + text + '\r\n';
    } else {
      this.target.out += '$' + text.length + '\r\n' + text + '\r\n';
    }
    this.target.onOutput();
  }
}

/** A sink that drops everything (CLIENT REPLY OFF/SKIP), still counting errors. */
export class DiscardReply implements Reply {
  constructor(public resp: 2 | 3, private readonly onError: (text: string) => void) {}
  status(): void {}
  error(s: string): void { this.onError(oneLine(s)); }
  integer(): void {}
  bulk(): void {}
  nullArray(): void {}
  arrayLen(): void {}
  mapLen(): void {}
  setLen(): void {}
  pushLen(): void {}
  double(): void {}
  bool(): void {}
  bigNumber(): void {}
  verbatim(): void {}
}
