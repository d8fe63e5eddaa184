// Glob-style matching, a line-by-line port of Redis's stringmatchlen (util.c, 7.x), used by
// KEYS, SCAN MATCH, CONFIG GET, PUBSUB patterns, ... Quirks kept on purpose:
// - `[a-z]` ranges compare C `char`s, which are signed on x86: bytes >= 0x80 are negative, so
//   `[a-\xff]` does not contain 'b' but `[\xff-a]` does (the ends are swapped when reversed).
// - An unterminated `[` class ends at the pattern's end; `\` escapes in and out of classes.
// - Reading past the end of the pattern sees the C string terminator (0).
// - Nesting of `*` is limited to 1000 and a failed `*` stops longer matches of earlier `*`s
//   (skipLongerMatches), so patterns like a*a*a*a*b cannot take exponential time.

/** Char code at i as a signed C char, or 0 past the end (the NUL terminator). */
function at(s: string, i: number): number {
  if (i >= s.length) return 0;
  const c = s.charCodeAt(i);
  return c > 127 ? c - 256 : c;
}

function lower(c: number): number {
  return c >= 65 && c <= 90 ? c + 32 : c;
}

const STAR = 42, QUESTION = 63, LBRACKET = 91, RBRACKET = 93, BACKSLASH = 92, CARET = 94, DASH = 45;

interface MatchState { skipLongerMatches: boolean }

function matchImpl(
  pat: string, p: number, patLen: number,
  str: string, s: number, strLen: number,
  nocase: boolean, state: MatchState, nesting: number,
): boolean {
  if (nesting > 1000) return false;
  while (patLen > 0 && strLen > 0) {
    const pc = at(pat, p);
    switch (pc) {
      case STAR: {
        while (patLen > 0 && at(pat, p + 1) === STAR) { p++; patLen--; }
        if (patLen === 1) return true;
        while (strLen > 0) {
          if (matchImpl(pat, p + 1, patLen - 1, str, s, strLen, nocase, state, nesting + 1)) return true;
          if (state.skipLongerMatches) return false;
          s++;
          strLen--;
        }
        state.skipLongerMatches = true;
        return false;
      }
      case QUESTION:
        s++;
        strLen--;
        break;
      case LBRACKET: {
        p++;
        patLen--;
        const not = at(pat, p) === CARET;
        if (not) { p++; patLen--; }
        let match = false;
        const sc = at(str, s);
        for (;;) {
          const c = at(pat, p);
          if (c === BACKSLASH && patLen >= 2) {
            p++;
            patLen--;
            if (at(pat, p) === sc) match = true;
          } else if (c === RBRACKET) {
            break;
          } else if (patLen === 0) {
            p--;
            patLen++;
            break;
          } else if (patLen >= 3 && at(pat, p + 1) === DASH) {
            let start = c;
            let end = at(pat, p + 2);
            let ch = sc;
            if (start > end) { const t = start; start = end; end = t; }
            if (nocase) { start = lower(start); end = lower(end); ch = lower(ch); }
            p += 2;
            patLen -= 2;
            if (ch >= start && ch <= end) match = true;
          } else if (!nocase) {
            if (c === sc) match = true;
          } else if (lower(c) === lower(sc)) {
            match = true;
          }
          p++;
          patLen--;
        }
        if (not) match = !match;
        if (!match) return false;
        s++;
        strLen--;
        break;
      }
      default: {
        if (pc === BACKSLASH && patLen >= 2) { p++; patLen--; }
        const c = at(pat, p);
        const sc = at(str, s);
        if (!nocase ? c !== sc : lower(c) !== lower(sc)) return false;
        s++;
        strLen--;
        break;
      }
    }
    p++;
    patLen--;
    if (strLen === 0) {
      while (at(pat, p) === STAR) { p++; patLen--; }
      break;
    }
  }
  return patLen === 0 && strLen === 0;
}

/** stringmatchlen(pattern, string, nocase): true when `s` matches the glob `pattern`. */
export function stringMatch(pattern: string, s: string, nocase = false): boolean {
  // Fast paths for the patterns clients use most.
  if (pattern.length === 1 && pattern.charCodeAt(0) === STAR) return true;
  return matchImpl(pattern, 0, pattern.length, s, 0, s.length, nocase, { skipLongerMatches: false }, 0);
}

/** A reusable matcher; '*' matches everything without calling the matcher. */
export function compileMatcher(pattern: string, nocase = false): (s: string) => boolean {
  if (pattern === '*') return () => true;
  return (s: string) => matchImpl(pattern, 0, pattern.length, s, 0, s.length, nocase, { skipLongerMatches: false }, 0);
}
