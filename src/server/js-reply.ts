// A Reply sink that builds JavaScript values, for the embedding API (engine.command()).
// Status and bulk replies become strings (latin1 byte strings), integers numbers (bigint
// when beyond 2^53), nulls null, arrays/sets/pushes arrays, maps Map objects, and errors
// ReplyError instances (thrown by engine.command when they are the whole reply).

import type { Reply } from '../commands/types';
import { formatDouble } from '../store/number-text';

export class ReplyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReplyError';
  }
}

export type JsValue = string | number | bigint | boolean | null | ReplyError | JsValue[] | Map<JsValue, JsValue>;

interface Frame {
  items: JsValue[];
  remaining: number;
  map: boolean;
}

export class JsReply implements Reply {
  resp: 2 | 3 = 3;
  private stack: Frame[] = [];
  private result: JsValue = null;
  private done = false;

  /** The complete reply (valid once the command has replied). */
  get value(): JsValue { return this.result; }
  get complete(): boolean { return this.done; }

  private push(v: JsValue): void {
    for (;;) {
      const top = this.stack[this.stack.length - 1];
      if (top === undefined) {
        this.result = v;
        this.done = true;
        return;
      }
      top.items.push(v);
      if (--top.remaining > 0) return;
      this.stack.pop();
      if (top.map) {
        const m = new Map<JsValue, JsValue>();
        for (let i = 0; i < top.items.length; i += 2) m.set(top.items[i], top.items[i + 1]);
        v = m;
      } else {
        v = top.items;
      }
    }
  }

  private open(n: number, map: boolean): void {
    if (n <= 0) { this.push(map ? new Map() : []); return; }
    this.stack.push({ items: [], remaining: map ? n * 2 : n, map });
  }

  status(s: string): void { this.push(s); }
  error(s: string): void { this.push(new ReplyError(s)); }
  integer(n: number | bigint): void {
    this.push(typeof n === 'bigint' && n >= BigInt(Number.MIN_SAFE_INTEGER) && n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n);
  }
  bulk(s: string | null): void { this.push(s); }
  nullArray(): void { this.push(null); }
  arrayLen(n: number): void { this.open(n, false); }
  mapLen(n: number): void { this.open(n, true); }
  setLen(n: number): void { this.open(n, false); }
  pushLen(n: number): void { this.open(n, false); }
  double(d: number): void { this.push(Number(formatDouble(d)) === d ? d : d); }
  bool(b: boolean): void { this.push(b); }
  bigNumber(digits: string): void { this.push(BigInt(digits)); }
  verbatim(_format: string, text: string): void { this.push(text); }
}
