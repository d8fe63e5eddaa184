// Redis's sdssplitargs (sds.c): how inline commands, redis.conf lines and the `#!lua` metadata
// line of FUNCTION LOAD are split into arguments. One copy for the server, scripting and tests.

function isSpace(c: number): boolean {
  // C isspace: ' ', \t, \n, \v, \f, \r
  return c === 32 || (c >= 9 && c <= 13);
}

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

/**
 * Redis's sdssplitargs: space-separated arguments, "double quotes" with \n \r \t \b \a \xHH
 * escapes, 'single quotes' with \' only. A closing quote must be followed by a space or the
 * end. Returns null for unbalanced quotes. A NUL byte ends the line, as in C.
 */
export function splitArgs(line: string): string[] | null {
  const args: string[] = [];
  const n = line.length;
  let p = 0;
  for (;;) {
    while (p < n && isSpace(line.charCodeAt(p))) p++;
    if (p >= n || line.charCodeAt(p) === 0) return args;
    let inDouble = false;
    let inSingle = false;
    let done = false;
    let current = '';
    while (!done) {
      const c = p < n ? line.charCodeAt(p) : 0;
      const next = p + 1 < n ? line.charCodeAt(p + 1) : 0;
      if (inDouble) {
        if (c === 92 /* \ */ && next === 120 /* x */ && p + 3 < n
          && hexValue(line.charCodeAt(p + 2)) >= 0 && hexValue(line.charCodeAt(p + 3)) >= 0) {
          current += String.fromCharCode(hexValue(line.charCodeAt(p + 2)) * 16 + hexValue(line.charCodeAt(p + 3)));
          p += 3;
        } else if (c === 92 && next !== 0) {
          p++;
          switch (next) {
            case 110: current += '\n'; break;
            case 114: current += '\r'; break;
            case 116: current += '\t'; break;
            case 98: current += '\b'; break;
            case 97: current += '\x07'; break;
            default: current += String.fromCharCode(next);
          }
        } else if (c === 34 /* " */) {
          if (next !== 0 && !isSpace(next)) return null;
          done = true;
        } else if (c === 0) {
          return null;
        } else {
          current += String.fromCharCode(c);
        }
      } else if (inSingle) {
        if (c === 92 && next === 39 /* ' */) {
          p++;
          current += "'";
        } else if (c === 39) {
          if (next !== 0 && !isSpace(next)) return null;
          done = true;
        } else if (c === 0) {
          return null;
        } else {
          current += String.fromCharCode(c);
        }
      } else {
        switch (c) {
          case 32: case 10: case 13: case 9: case 0: done = true; break;
          case 34: inDouble = true; break;
          case 39: inSingle = true; break;
          default: current += String.fromCharCode(c);
        }
      }
      if (p < n && c !== 0) p++;
    }
    args.push(current);
    if (p >= n) return args;
  }
}
