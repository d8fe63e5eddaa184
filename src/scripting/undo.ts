// The undo journal of a fast script run (busy-script rollback).
//
// A script that runs past script-pause-threshold is abandoned and redone in slices (so other
// clients get -BUSY and SCRIPT KILL can arrive). That is only possible if what the partial run
// wrote can be undone: the journal keeps the first state (value and TTL) of every key the run
// writes, and rollback() puts them back. A write the journal cannot describe (keyless or
// multi-database commands, side effects outside the dataset, values too big to copy) stops it:
// that run can no longer be redone (the known limit; it then runs to its end).
//
// One journal per scripting engine, reused by every run (only one fast run is in progress at
// a time): parallel arrays and a count, so recording a key allocates nothing but the copy of
// a collection value.

import type { Database, Value } from '../store/keyspace';

/** A collection bigger than this is not copied for the journal (the run becomes final). */
const UNDO_MAX_VALUE_BYTES = 256 * 1024;
const UNDO_MAX_BYTES = 4 * 1024 * 1024;
/** Up to this many entries, the first-write check scans the journal. */
const UNDO_SCAN_MAX = 16;

/** Ids of journaled keys once the journal is long: one id per database object and key. */
const databaseIds = new WeakMap<Database, number>();
let nextDatabaseId = 0;
function undoId(db: Database, key: string): string {
  let n = databaseIds.get(db);
  if (n === undefined) { n = nextDatabaseId++; databaseIds.set(db, n); }
  return n + '\0' + key;
}

export class UndoJournal {
  /** True while the run's writes are recorded; false when no run records or the journal stopped. */
  active = false;
  private readonly dbs: Database[] = [];
  private readonly keys: string[] = [];
  private readonly values: Array<Value | undefined> = [];
  /** Absolute expire time in ms, -1 for none. */
  private readonly expires: number[] = [];
  private count = 0;
  private bytes = 0;
  /** Ids of the journaled keys, from UNDO_SCAN_MAX entries on. */
  private ids: Set<string> | null = null;

  /** A run that may be abandoned starts: record its writes. */
  start(): void {
    this.count = 0;
    this.bytes = 0;
    this.ids = null;
    this.active = true;
  }

  /** No more recording (the run ended, or it can no longer be undone); values are let go. */
  stop(): void {
    this.active = false;
    const values = this.values;
    for (let i = 0; i < this.count; i++) values[i] = undefined;
    this.count = 0;
    this.ids = null;
  }

  /** Records key's state before the run's first write to it; stops the journal if too big. */
  record(db: Database, key: string): void {
    if (this.has(db, key)) return;
    const value = db.peek(key);
    let saved: Value | undefined;
    if (value === undefined || typeof value === 'string') {
      saved = value;
      if (value !== undefined) this.bytes += value.length;
    } else {
      const size = value.memoryUsage();
      if (size > UNDO_MAX_VALUE_BYTES) { this.stop(); return; }
      saved = value.dup();
      this.bytes += size;
    }
    if (this.bytes > UNDO_MAX_BYTES) { this.stop(); return; }
    const i = this.count++;
    this.dbs[i] = db;
    this.keys[i] = key;
    this.values[i] = saved;
    this.expires[i] = value === undefined ? -1 : db.getExpire(key);
  }

  /** Puts every journaled key back as it was (value and TTL), newest entries first; stops. */
  rollback(): void {
    for (let i = this.count - 1; i >= 0; i--) {
      const db = this.dbs[i];
      const key = this.keys[i];
      const value = this.values[i];
      if (value === undefined) {
        db.delete(key);
        continue;
      }
      db.set(key, value);
      const expire = this.expires[i];
      if (expire >= 0) db.setExpire(key, expire);
    }
    this.stop();
  }

  /**
   * True if (db, key) already has its entry. A short journal is scanned (no Set, no id
   * string); from UNDO_SCAN_MAX entries on, a Set of ids (filled here) answers. A key found
   * new is recorded by the caller right after, so the Set gets its id now.
   */
  private has(db: Database, key: string): boolean {
    const n = this.count;
    if (n < UNDO_SCAN_MAX) {
      const keys = this.keys;
      for (let j = 0; j < n; j++) {
        if (keys[j] === key && this.dbs[j] === db) return true;
      }
      return false;
    }
    let seen = this.ids;
    if (seen === null) {
      // Switching to the Set: every key journaled so far goes in first.
      seen = this.ids = new Set();
      for (let j = 0; j < n; j++) seen.add(undoId(this.dbs[j], this.keys[j]));
    }
    const id = undoId(db, key);
    if (seen.has(id)) return true;
    seen.add(id);
    return false;
  }
}
