// Lua 5.1 patterns: a port of lstrlib.c's matcher (5.1.5) over byte strings (latin1 JS strings).
//
// The structure follows the C code function by function so that behaviour, including the odd
// corners, stays the same:
//   - the pattern is a C string: it ends at its first NUL byte;
//   - the subject is a Lua string with an implicit NUL after its end, which %b and %f can see
//     (a frontier at the end of the subject tests the class against '\0');
//   - character classes use the C locale (ASCII only);
//   - C recurses per pattern item (?, *, +, -, captures); here the recursion is replaced by an
//     explicit stack of choice points, so neither long subjects nor long patterns use JS stack.
// Errors are raised with the exact 5.1.5 texts through the `fail` function given to the state.

const L_ESC = 37; // '%'
export const MAXCAPTURES = 32;
export const CAP_UNFINISHED = -1;
export const CAP_POSITION = -2;

// What the item after a repetition needs of the next byte (MatchState.filterAt).
const FILTER_UNKNOWN = 0, FILTER_NONE = 1, FILTER_CHAR = 2, FILTER_END = 3, FILTER_SET = 4;

// Choice points of the iterative matcher (see MatchState.match).
const BT_CAPTURE_START = 1, BT_CAPTURE_END = 2, BT_OPTIONAL = 3, BT_MAX_EXPAND = 4, BT_MIN_EXPAND = 5;

// C-locale character classes, one bit each, for bytes 0..255.
const ALPHA = 1, CNTRL = 2, DIGIT = 4, LOWER = 8, PUNCT = 16, SPACE = 32, UPPER = 64, XDIGIT = 128;
const ctype = new Uint8Array(256);
for (let c = 0; c < 128; c++) {
  let bits = 0;
  if (c >= 65 && c <= 90) bits |= ALPHA | UPPER;
  if (c >= 97 && c <= 122) bits |= ALPHA | LOWER;
  if (c >= 48 && c <= 57) bits |= DIGIT | XDIGIT;
  if ((c >= 65 && c <= 70) || (c >= 97 && c <= 102)) bits |= XDIGIT;
  if (c < 32 || c === 127) bits |= CNTRL;
  if (c === 32 || (c >= 9 && c <= 13)) bits |= SPACE;
  if (c > 32 && c < 127 && !(bits & (ALPHA | DIGIT))) bits |= PUNCT;
  ctype[c] = bits;
}

/** match_class: does byte c belong to class letter cl (%a, %A, ..., or a literal escape)? */
function matchClass(c: number, cl: number): boolean {
  let bit: number;
  switch (cl >= 65 && cl <= 90 ? cl + 32 : cl) {
    case 97: bit = ALPHA; break; // a
    case 99: bit = CNTRL; break; // c
    case 100: bit = DIGIT; break; // d
    case 108: bit = LOWER; break; // l
    case 112: bit = PUNCT; break; // p
    case 115: bit = SPACE; break; // s
    case 117: bit = UPPER; break; // u
    case 119: bit = ALPHA | DIGIT; break; // w
    case 120: bit = XDIGIT; break; // x
    case 122: { // z (deprecated in 5.2, present in 5.1)
      const res = c === 0;
      return cl >= 97 ? res : !res;
    }
    default: return cl === c;
  }
  const res = (ctype[c] & bit) !== 0;
  return cl >= 97 && cl <= 122 ? res : !res; // islower(cl)
}

/** Signals a pattern error: must throw (the host adds the position, as luaL_error does). */
export type Fail = (msg: string) => never;

/**
 * One match attempt's state (MatchState). Reuse it: `reset` it for a subject and pattern,
 * then call `match(s, p)` for each start position, resetting `level` first.
 */
export class MatchState {
  src = '';
  /** Index just past the subject (src_end). */
  end = 0;
  /** The pattern, cut at its first NUL and with a NUL sentinel appended. */
  pat = '\0';
  level = 0;
  readonly capInit = new Int32Array(MAXCAPTURES);
  readonly capLen = new Int32Array(MAXCAPTURES);

  constructor(public fail: Fail) {}

  reset(src: string, pattern: string): void {
    this.resetPrepared(src, prepare(pattern));
  }

  /** The prepared form of `pat` (per-item caches: class ends and byte sets). */
  private prep: PreparedPattern | undefined = undefined;

  /** Sets the subject and an already prepared pattern. */
  resetPrepared(src: string, prep: PreparedPattern): void {
    this.src = src;
    this.end = src.length;
    this.pat = prep.pat;
    this.prep = prep;
    // A pattern used again and again gets byte sets for its class items (built on first use).
    if (prep.uses < 4) {
      prep.uses++;
      if (prep.skipItem >= 0 && prep.uses >= 2) buildSkipSet(prep, this);
    }
    this.level = 0;
  }

  /**
   * The first position >= s where a match attempt can succeed, or -1 when none can: attempts
   * elsewhere fail on the first pattern item, before the matcher reads anything after it (so no
   * error is skipped). `prep` must be the prepared form of the current pattern.
   */
  nextCandidate(prep: PreparedPattern, s: number): number {
    if (prep.skipChar >= 0) return this.src.indexOf(prep.skipCharString, s);
    const set = prep.skipSet;
    if (set === null) return s;
    const src = this.src, end = this.end;
    while (s < end && set[src.charCodeAt(s)] === 0) s++;
    return s < end ? s : -1;
  }

  private checkCapture(l: number): number {
    l -= 49; // '1'
    if (l < 0 || l >= this.level || this.capLen[l] === CAP_UNFINISHED) this.fail('invalid capture index');
    return l;
  }

  private captureToClose(): number {
    let level = this.level;
    for (level--; level >= 0; level--) if (this.capLen[level] === CAP_UNFINISHED) return level;
    return this.fail('invalid pattern capture');
  }

  /** classend: index just after the single-character class starting at p. */
  private classEnd(p: number): number {
    const pat = this.pat;
    const c = pat.charCodeAt(p++);
    if (c === L_ESC) {
      if (pat.charCodeAt(p) === 0) this.fail("malformed pattern (ends with '%')");
      return p + 1;
    }
    if (c === 91 /* [ */) {
      if (pat.charCodeAt(p) === 94 /* ^ */) p++;
      do { // look for a ']'
        if (pat.charCodeAt(p) === 0) this.fail("malformed pattern (missing ']')");
        if (pat.charCodeAt(p++) === L_ESC && pat.charCodeAt(p) !== 0) p++; // skip escapes (e.g. '%]')
      } while (pat.charCodeAt(p) !== 93 /* ] */);
      return p + 1;
    }
    return p;
  }

  /** matchbracketclass: p at '[', ec at the closing ']'. */
  private matchBracketClass(c: number, p: number, ec: number): boolean {
    const pat = this.pat;
    let sig = true;
    if (pat.charCodeAt(p + 1) === 94 /* ^ */) {
      sig = false;
      p++;
    }
    while (++p < ec) {
      const pc = pat.charCodeAt(p);
      if (pc === L_ESC) {
        p++;
        if (matchClass(c, pat.charCodeAt(p))) return sig;
      } else if (pat.charCodeAt(p + 1) === 45 /* - */ && p + 2 < ec) {
        p += 2;
        if (pc <= c && c <= pat.charCodeAt(p)) return sig;
      } else if (pc === c) {
        return sig;
      }
    }
    return !sig;
  }

  private singleMatch(c: number, p: number, ep: number): boolean {
    const pc = this.pat.charCodeAt(p);
    switch (pc) {
      case 46: return true; // '.'
      case L_ESC: return matchClass(c, this.pat.charCodeAt(p + 1));
      case 91: return this.matchBracketClass(c, p, ep - 1);
      default: return pc === c;
    }
  }

  /**
   * What the pattern item at q needs so that an attempt starting there does not fail at once:
   * a given byte (FILTER_CHAR), the end of the subject ('$' ending the pattern: FILTER_END), a
   * byte of a set (FILTER_SET), or nothing known (FILTER_NONE). Only items that fail without
   * side effects and without reading further are described, so skipping attempts they reject
   * changes nothing but speed.
   */
  filterAt(q: number): number {
    const prep = this.prep!;
    const known = prep.filter[q];
    if (known !== FILTER_UNKNOWN) return known;
    const pat = this.pat;
    const c = pat.charCodeAt(q);
    let f = FILTER_NONE;
    let ep = 0;
    if (c === 36 && pat.charCodeAt(q + 1) === 0) {
      f = FILTER_END;
    } else if (c === L_ESC) {
      const n = pat.charCodeAt(q + 1);
      if (n === 0 || n === 98 || n === 102 || (n >= 48 && n <= 57)) f = FILTER_NONE;
      else { ep = q + 2; f = FILTER_SET; }
    } else if (c === 91) {
      ep = prep.ends[q];
      if (ep === 0) return FILTER_NONE; // not parsed yet: decide later
      f = FILTER_SET;
    } else if (c !== 0 && c !== 40 && c !== 41 && c !== 46) {
      ep = q + 1;
      f = FILTER_CHAR;
    }
    if (f === FILTER_CHAR || f === FILTER_SET) {
      const suffix = pat.charCodeAt(ep);
      if (suffix === 42 || suffix === 63 || suffix === 45) f = FILTER_NONE; // may match nothing
      else if (f === FILTER_SET) {
        if (prep.sets[q] === undefined) {
          if (prep.uses < 3) return FILTER_NONE; // decide once the pattern proves hot
          prep.ends[q] = ep;
          this.itemSet(q, ep);
        }
      }
    }
    prep.filter[q] = f;
    return f;
  }

  /** Whether position s passes filter f of the item at q (see filterAt). */
  passes(f: number, q: number, s: number): boolean {
    if (f === FILTER_END) return s === this.end;
    if (s >= this.end) return false;
    const c = this.src.charCodeAt(s);
    if (f === FILTER_CHAR) return c === this.pat.charCodeAt(q);
    return this.prep!.sets[q]![c] === 1;
  }

  /** The byte set of the class item at p (ending at ep), cached in the prepared pattern. */
  private itemSet(p: number, ep: number): Uint8Array | undefined {
    const prep = this.prep!;
    let set = prep.sets[p];
    if (set === undefined && prep.uses >= 3) {
      set = new Uint8Array(256);
      for (let x = 0; x < 256; x++) set[x] = this.singleMatch(x, p, ep) ? 1 : 0;
      prep.sets[p] = set;
    }
    return set;
  }

  /** singleMatch for pattern preparation. */
  singleMatchPublic(c: number, p: number, ep: number): boolean {
    return this.singleMatch(c, p, ep);
  }

  private matchBalance(s: number, p: number): number {
    const pat = this.pat;
    const b = pat.charCodeAt(p);
    if (b === 0 || pat.charCodeAt(p + 1) === 0) this.fail('unbalanced pattern');
    const src = this.src;
    // The subject's terminating NUL is visible here, as in C.
    if ((s < this.end ? src.charCodeAt(s) : 0) !== b) return -1;
    const e = pat.charCodeAt(p + 1);
    let cont = 1;
    while (++s < this.end) {
      const c = src.charCodeAt(s);
      if (c === e) {
        if (--cont === 0) return s + 1;
      } else if (c === b) {
        cont++;
      }
    }
    return -1; // string ends out of balance
  }

  /** Grows the backtrack stack (5 ints per choice point). */
  private growStack(): Int32Array {
    const bigger = new Int32Array(this.bt.length * 2);
    bigger.set(this.bt);
    this.bt = bigger;
    return bigger;
  }

  private bt: Int32Array = new Int32Array(5 * 32);

  private matchCapture(s: number, l: number): number {
    l = this.checkCapture(l);
    const len = this.capLen[l];
    const init = this.capInit[l];
    const src = this.src;
    // A position capture has a negative length, which C compares as a huge size_t: no match.
    if (len < 0 || this.end - s < len) return -1;
    for (let i = 0; i < len; i++) if (src.charCodeAt(init + i) !== src.charCodeAt(s + i)) return -1;
    return s + len;
  }

  /**
   * Matches pattern position p at subject position s; returns the match end or -1.
   *
   * lstrlib.c's match() recurses for ?, *, +, -, and captures, and every caller returns a
   * successful result unchanged, so the first time the end of the pattern is reached the whole
   * match has succeeded. This version keeps C's order of attempts and side effects but replaces
   * the recursion by a stack of choice points: on failure the latest one is resumed (or undone),
   * exactly where the C function would have continued after its recursive call returned NULL.
   * Stack use is therefore independent of the pattern's length.
   */
  match(s: number, p: number): number {
    const pat = this.pat;
    const src = this.src;
    const end = this.end;
    let bt: Int32Array = this.bt;
    const ends = this.prep!.ends;
    const sets = this.prep!.sets;
    let sp = 0; // choice points in bt, 5 ints each: kind, a, b, c, d
    for (;;) {
      // ---- one attempt: run forward until the pattern ends (success) or an item fails
      let failed = false;
      attempt: for (;;) {
        const pc = pat.charCodeAt(p);
        switch (pc) {
          case 40: { // '(' start capture (start_capture)
            const level = this.level;
            if (level >= MAXCAPTURES) this.fail('too many captures');
            const position = pat.charCodeAt(p + 1) === 41;
            this.capInit[level] = s;
            this.capLen[level] = position ? CAP_POSITION : CAP_UNFINISHED;
            this.level = level + 1;
            if (sp + 5 > bt.length) bt = this.growStack();
            bt[sp] = BT_CAPTURE_START;
            sp += 5;
            p += position ? 2 : 1;
            continue;
          }
          case 41: { // ')' end capture (end_capture)
            const l = this.captureToClose();
            this.capLen[l] = s - this.capInit[l];
            if (sp + 5 > bt.length) bt = this.growStack();
            bt[sp] = BT_CAPTURE_END;
            bt[sp + 1] = l;
            sp += 5;
            p += 1;
            continue;
          }
          case 0: // end of pattern: the match succeeded
            return s;
          case 36: // '$'
            if (pat.charCodeAt(p + 1) === 0) {
              if (s === end) return s;
              failed = true;
              break attempt;
            }
            break; // else an ordinary item
          case L_ESC: {
            const next = pat.charCodeAt(p + 1);
            if (next === 98 /* b */) {
              s = this.matchBalance(s, p + 2);
              if (s === -1) { failed = true; break attempt; }
              p += 4;
              continue;
            }
            if (next === 102 /* f */) {
              p += 2;
              if (pat.charCodeAt(p) !== 91) this.fail("missing '[' after '%f' in pattern");
              const ep = this.classEnd(p);
              const previous = s === 0 ? 0 : src.charCodeAt(s - 1);
              const current = s < end ? src.charCodeAt(s) : 0;
              if (this.matchBracketClass(previous, p, ep - 1) || !this.matchBracketClass(current, p, ep - 1)) {
                failed = true;
                break attempt;
              }
              p = ep;
              continue;
            }
            if (next >= 48 && next <= 57) { // back reference %0-%9
              s = this.matchCapture(s, next);
              if (s === -1) { failed = true; break attempt; }
              p += 2;
              continue;
            }
            break; // an ordinary item such as %a
          }
        }
        // a single-character class, possibly followed by a repetition suffix
        let ep = ends[p];
        if (ep === 0) ep = ends[p] = this.classEnd(p); // (a malformed item raises here, as in C)
        let set: Uint8Array | undefined = undefined;
        if (pc === L_ESC || pc === 91) {
          set = sets[p];
          if (set === undefined) set = this.itemSet(p, ep);
        }
        let m = false;
        if (s < end) {
          const c = src.charCodeAt(s);
          if (set !== undefined) m = set[c] === 1;
          else if (pc === L_ESC || pc === 91) m = this.singleMatch(c, p, ep);
          else m = pc === 46 || pc === c;
        }
        switch (pat.charCodeAt(ep)) {
          case 63: // '?': try with the character, then without
            if (m) {
              if (sp + 5 > bt.length) bt = this.growStack();
              bt[sp] = BT_OPTIONAL;
              bt[sp + 1] = s;
              bt[sp + 2] = ep + 1;
              sp += 5;
              s++;
            }
            p = ep + 1;
            continue;
          case 43: // '+': one, then max_expand from s+1
          case 42: { // '*' (max_expand): longest run first
            if (pat.charCodeAt(ep) === 43) {
              if (!m) { failed = true; break attempt; }
              s++;
            }
            let i = 0;
            if (set !== undefined) while (s + i < end && set[src.charCodeAt(s + i)] === 1) i++;
            else if (pc === 46) i = end - s;
            else if (pc !== L_ESC && pc !== 91) while (s + i < end && src.charCodeAt(s + i) === pc) i++;
            else while (s + i < end && this.singleMatch(src.charCodeAt(s + i), p, ep)) i++;
            // Skip the counts at which the next item would fail at once (no side effects).
            const f = this.filterAt(ep + 1);
            if (f !== FILTER_NONE) {
              while (i >= 0 && !this.passes(f, ep + 1, s + i)) i--;
              if (i < 0) { failed = true; break attempt; }
            }
            if (sp + 5 > bt.length) bt = this.growStack();
            bt[sp] = BT_MAX_EXPAND;
            bt[sp + 1] = s;
            bt[sp + 2] = i;
            bt[sp + 3] = p;
            bt[sp + 4] = ep;
            sp += 5;
            s += i;
            p = ep + 1;
            continue;
          }
          case 45: { // '-' (min_expand): shortest run first
            const f = this.filterAt(ep + 1);
            if (f !== FILTER_NONE) {
              // Attempts the next item would fail at once are skipped, extending the run instead.
              while (!this.passes(f, ep + 1, s)) {
                if (s < end && this.singleMatch(src.charCodeAt(s), p, ep)) s++;
                else { failed = true; break attempt; }
              }
            }
            if (sp + 5 > bt.length) bt = this.growStack();
            bt[sp] = BT_MIN_EXPAND;
            bt[sp + 1] = s;
            bt[sp + 3] = p;
            bt[sp + 4] = ep;
            sp += 5;
            p = ep + 1;
            continue;
          }
          default:
            if (!m) { failed = true; break attempt; }
            s++;
            p = ep;
        }
      }
      void failed;
      // ---- the attempt failed: resume the latest choice point
      backtrack: for (;;) {
        if (sp === 0) return -1;
        sp -= 5;
        switch (bt[sp]) {
          case BT_CAPTURE_START:
            this.level--; // undo capture
            continue;
          case BT_CAPTURE_END:
            this.capLen[bt[sp + 1]] = CAP_UNFINISHED; // undo capture
            continue;
          case BT_OPTIONAL:
            s = bt[sp + 1];
            p = bt[sp + 2];
            break backtrack;
          case BT_MAX_EXPAND: {
            let i = bt[sp + 2] - 1; // reduce 1 repetition to try again
            const next = bt[sp + 4] + 1;
            const f = this.filterAt(next);
            if (f !== FILTER_NONE) while (i >= 0 && !this.passes(f, next, bt[sp + 1] + i)) i--;
            if (i < 0) continue;
            bt[sp + 2] = i;
            s = bt[sp + 1] + i;
            p = bt[sp + 4] + 1;
            sp += 5;
            break backtrack;
          }
          case BT_MIN_EXPAND: {
            let s1 = bt[sp + 1];
            const item = bt[sp + 3], itemEnd = bt[sp + 4];
            const next = itemEnd + 1;
            const f = this.filterAt(next);
            let extended = false;
            // one more repetition; then more while the next item would fail at once
            while (s1 < end && (pat.charCodeAt(item) === 46 || this.singleMatch(src.charCodeAt(s1), item, itemEnd))) {
              s1++;
              if (f === FILTER_NONE || this.passes(f, next, s1)) { extended = true; break; }
            }
            if (!extended) continue;
            bt[sp + 1] = s1;
            s = s1;
            p = next;
            sp += 5;
            break backtrack;
          }
        }
      }
    }
  }

  /**
   * The value of capture i for a match [s, e): a string, or a position (number); capture 0
   * without any capture in the pattern is the whole match (push_onecapture).
   */
  capture(i: number, s: number, e: number): string | number {
    if (i >= this.level) {
      if (i === 0) return this.src.slice(s, e);
      return this.fail('invalid capture index');
    }
    const l = this.capLen[i];
    if (l === CAP_UNFINISHED) this.fail('unfinished capture');
    const init = this.capInit[i];
    if (l === CAP_POSITION) return init + 1;
    return this.src.slice(init, init + l);
  }

  /**
   * push_captures: the values of all captures (or the whole match when the pattern has none and
   * wholeIfNone is set; find passes false). Returned in the calling convention: one value as
   * is, otherwise an array.
   */
  captures(s: number, e: number, wholeIfNone: boolean): string | number | (string | number)[] {
    const n = this.level === 0 && wholeIfNone ? 1 : this.level;
    if (n === 1) return this.capture(0, s, e);
    const out: (string | number)[] = new Array(n);
    for (let i = 0; i < n; i++) out[i] = this.capture(i, s, e);
    return out;
  }
}

/**
 * A pattern ready for matching: cut at its first NUL with a NUL sentinel, its anchor, and how to
 * find candidate start positions quickly when the first item needs one specific character or a
 * character of some class (no ?, * or - after it).
 */
export interface PreparedPattern {
  pat: string;
  /** classEnd of the item at each pattern position (0: not computed yet). */
  ends: Int32Array;
  /** For %x and [set] items, once the pattern is reused: which bytes the item matches. */
  sets: (Uint8Array | undefined)[];
  /** MatchState.filterAt per pattern position (0: not decided yet). */
  filter: Uint8Array;
  uses: number;
  anchor: boolean;
  /** Index of the first item (after a leading '^' when anchored). */
  start: number;
  skipChar: number;
  skipCharString: string;
  skipSet: Uint8Array | null;
  /** A class first item whose skipSet is not built yet (-1: none). */
  skipItem: number;
  skipItemEnd: number;
}

const prepared = new Map<string, PreparedPattern>();

/** Prepares (and caches) a pattern; never raises, even for malformed patterns. */
export function prepare(pattern: string): PreparedPattern {
  let prep = prepared.get(pattern);
  if (prep !== undefined) return prep;
  const nul = pattern.indexOf('\0');
  const pat = (nul < 0 ? pattern : pattern.slice(0, nul)) + '\0';
  const anchor = pat.charCodeAt(0) === 94;
  prep = {
    pat, ends: new Int32Array(pat.length), sets: new Array(pat.length).fill(undefined), filter: new Uint8Array(pat.length), uses: 0,
    anchor, start: anchor ? 1 : 0, skipChar: -1, skipCharString: '', skipSet: null, skipItem: -1, skipItemEnd: 0,
  };
  if (!anchor) firstItemSkip(prep);
  if (prepared.size >= 1024) prepared.clear();
  prepared.set(pattern, prep);
  return prep;
}

function firstItemSkip(prep: PreparedPattern): void {
  const pat = prep.pat;
  // Leading captures open before the first item; an attempt failing on that item undoes them
  // without any other effect, so they do not change where a match can start.
  let q = 0;
  while (pat.charCodeAt(q) === 40 && q < 16) q += pat.charCodeAt(q + 1) === 41 ? 2 : 1;
  const c = pat.charCodeAt(q);
  switch (c) {
    case 0: case 40: case 41: return; // empty pattern, more captures
    case 36: if (pat.charCodeAt(q + 1) === 0) return; break; // '$' at the end is an anchor
    case L_ESC: {
      const n = pat.charCodeAt(q + 1);
      if (n === 0 || n === 98 || n === 102 || (n >= 48 && n <= 57)) return; // %b %f back references
      break;
    }
  }
  // Find the end of the first item without raising (malformed patterns keep the slow path).
  let ep: number;
  if (c === L_ESC) ep = q + 2;
  else if (c === 91) {
    let p = q + 1;
    if (pat.charCodeAt(p) === 94) p++;
    for (;;) {
      const x = pat.charCodeAt(p++);
      if (x === 0) return;
      if (x === L_ESC) { if (pat.charCodeAt(p) === 0) return; p++; }
      if (pat.charCodeAt(p) === 93) break;
    }
    ep = p + 1;
  } else ep = q + 1;
  const suffix = pat.charCodeAt(ep);
  if (suffix === 42 || suffix === 63 || suffix === 45) return; // may match zero characters
  if (c !== 46 && c !== L_ESC && c !== 91) { // a literal character
    prep.skipChar = c;
    prep.skipCharString = String.fromCharCode(c);
    return;
  }
  if (c === 46) return; // '.' matches everything
  // A class: its byte set is built once the pattern is used a second time (buildSkipSet).
  prep.skipItem = q;
  prep.skipItemEnd = ep;
}

/** Builds the deferred byte set of a class first item (see firstItemSkip). */
function buildSkipSet(prep: PreparedPattern, ms: MatchState): void {
  const saved = ms.pat;
  ms.pat = prep.pat;
  const set = new Uint8Array(256);
  for (let x = 0; x < 256; x++) set[x] = ms.singleMatchPublic(x, prep.skipItem, prep.skipItemEnd) ? 1 : 0;
  ms.pat = saved;
  prep.skipSet = set;
  prep.skipItem = -1;
}

/** Characters that make find() use the matcher instead of a plain search. */
export function hasSpecials(p: string): boolean {
  for (let i = 0; i < p.length; i++) {
    switch (p.charCodeAt(i)) {
      case 0: return false; // strpbrk stops at the C string's end
      case 94: case 36: case 42: case 43: case 63: case 46: case 40: case 91: case 37: case 45:
        return true;
    }
  }
  return false;
}

/** posrelat: a relative string position (negative counts from the end). */
export function posRelative(pos: number, len: number): number {
  if (pos < 0) pos += len + 1;
  return pos >= 0 ? pos : 0;
}

/**
 * str_find_aux: string.find (find = true) and string.match (find = false). `init` is the
 * raw 1-based init argument (already an integer), `plain` the 4th argument's truthiness.
 * Returns values in the calling convention (nil is undefined).
 */
export function findAux(ms: MatchState, s: string, p: string, init: number, plain: boolean, find: boolean): unknown {
  const l1 = s.length;
  let start = posRelative(init, l1) - 1;
  if (start < 0) start = 0;
  else if (start > l1) start = l1;
  if (find && (plain || !hasSpecials(p))) {
    // plain search; lmemfind compares the full pattern including NULs
    const at = p.length === 0 ? start : s.indexOf(p, start);
    if (at >= 0) return [at + 1, at + p.length];
    return undefined;
  }
  const prep = prepare(p);
  ms.resetPrepared(s, prep);
  const pi = prep.start;
  const anchor = prep.anchor;
  const skip = prep.skipChar >= 0 || prep.skipSet !== null;
  let s1 = start;
  do {
    if (skip) {
      s1 = ms.nextCandidate(prep, s1);
      if (s1 < 0) break;
    }
    ms.level = 0;
    const res = ms.match(s1, pi);
    if (res !== -1) {
      if (find) {
        const n = ms.level;
        const out: unknown[] = new Array(n + 2);
        out[0] = s1 + 1;
        out[1] = res;
        for (let i = 0; i < n; i++) out[i + 2] = ms.capture(i, 0, 0);
        return out;
      }
      return ms.captures(s1, res, true);
    }
  } while (s1++ < ms.end && !anchor);
  return undefined;
}

/**
 * Produces the replacement text for one match [s, e) of gsub, or undefined to keep the
 * original text (the function/table replacement returned nil or false).
 */
export type Replacer = (ms: MatchState, s: number, e: number) => string | undefined;

/** add_s: a replacement string with %0-%9 and %x escapes. */
export function expandReplacement(ms: MatchState, repl: string, s: number, e: number, numberToString: (n: number) => string): string {
  let esc = repl.indexOf('%');
  if (esc < 0) return repl;
  let out = '';
  let start = 0;
  const l = repl.length;
  while (esc >= 0) {
    out += repl.slice(start, esc);
    const i = esc + 1;
    // A '%' at the very end reads the C string's terminating NUL, which is not a digit.
    const c = i < l ? repl.charCodeAt(i) : 0;
    if (c < 48 || c > 57) {
      out += String.fromCharCode(c);
    } else if (c === 48) {
      out += ms.src.slice(s, e);
    } else {
      const v = ms.capture(c - 49, s, e);
      out += typeof v === 'number' ? numberToString(v) : v;
    }
    start = i + 1;
    esc = start < l ? repl.indexOf('%', start) : -1;
  }
  return start < l ? out + repl.slice(start) : out;
}

/**
 * str_gsub's loop: returns [result, number of substitutions]. maxN is luaL_optint(4, len+1).
 */
export function gsubLoop(ms: MatchState, src: string, p: string, maxN: number, replace: Replacer): [string, number] {
  const prep = prepare(p);
  ms.resetPrepared(src, prep);
  const pi = prep.start;
  const anchor = prep.anchor;
  const skip = prep.skipChar >= 0 || prep.skipSet !== null;
  let n = 0;
  let s = 0;
  let out = '';
  let copied = 0; // src[copied, s) still has to be appended
  const end = ms.end;
  while (n < maxN) {
    if (skip) {
      // Positions before the next candidate cannot match: they are copied as they are.
      const c = ms.nextCandidate(prep, s);
      if (c < 0) break;
      s = c;
    }
    ms.level = 0;
    const e = ms.match(s, pi);
    if (e !== -1) {
      n++;
      const r = replace(ms, s, e);
      if (r !== undefined) {
        out += src.slice(copied, s) + r;
        copied = e;
      }
    }
    if (e !== -1 && e > s) s = e; // non empty match? skip it
    else if (s < end) s++;
    else break;
    if (anchor) break;
  }
  if (n === 0) return [src, 0];
  return [copied === 0 ? out + src : out + src.slice(copied), n];
}
