// A Reply sink for robustness tests that call command handlers directly: it keeps no data,
// only counts complete top-level replies (aggregates fold their children), and checks that
// error texts stay on one line and integers are finite.

import * as assert from 'node:assert/strict';
import type { Reply } from '../../src/commands/types';

/** Counts how many complete top-level replies were produced (aggregates fold their children). */
export class CountingReply implements Reply {
  complete = 0;
  private pending: number[] = [];
  constructor(readonly resp: 2 | 3 = 2) {}
  private done(): void {
    // One value finished: close every aggregate whose last child this was.
    for (;;) {
      if (this.pending.length === 0) { this.complete++; return; }
      const top = --this.pending[this.pending.length - 1];
      if (top > 0) return;
      this.pending.pop();
    }
  }
  private open(n: number): void { if (n === 0) this.done(); else this.pending.push(n); }
  status(): void { this.done(); }
  error(s: string): void { assert.ok(!/[\r\n]/.test(s)); this.done(); }
  integer(n: number | bigint): void { assert.ok(typeof n === 'bigint' || Number.isFinite(n)); this.done(); }
  bulk(): void { this.done(); }
  nullArray(): void { this.done(); }
  arrayLen(n: number): void { this.open(n); }
  mapLen(n: number): void { this.open(2 * n); }
  setLen(n: number): void { this.open(n); }
  pushLen(n: number): void { this.open(n); }
  double(): void { this.done(); }
  bool(): void { this.done(); }
  bigNumber(): void { this.done(); }
  verbatim(): void { this.done(); }
  /** Aggregates still waiting for children: 0 after a complete reply. */
  get openAggregates(): number { return this.pending.length; }
}
