// Generates random but valid Lua 5.1 programs from a seed, for the property test: the same
// program runs in real Lua 5.1 (lua-wasm-bindings) and in our engine, and must print the same.
//
// A program is a flat list of blocks, each printing every result it computes: arithmetic on
// awkward numbers (negative, fractions, huge, tiny, division by zero, %, ^), string operations
// (concat, sub, rep, byte, format, upper/lower, gsub, find, match), table operations (insert,
// remove, concat, #, sort), comparisons, and/or, and loops.
// Rules that keep programs valid and platform-independent:
//   - every printed number goes through P(), which prints NaN as "NaN" (the sign of a NaN,
//     "nan" vs "-nan", is a C library detail the corpus tests separately);
//   - %d only ever sees integers below 2^31 (guarded in the generated Lua itself);
//   - no conversion rounds to 0-2 digits (%.0f, %.2e, %.3g): the wasm build's printf rounds
//     some exact ties (253.5 -> "253") unlike glibc's lua5.1, so the oracle would be wrong;
//   - %f only sees |v| < 1e9: the wasm printf is not exact beyond ~15 digits;
//   - no errors are expected: arithmetic never touches strings that do not convert;
//   - output is ASCII except where string.char/format produce bytes on purpose.

import { mulberry32 } from '../support/prng';

/** The choices of the generator over mulberry32 (test/support/prng): identical everywhere. */
class Rng {
  readonly next: () => number;
  constructor(seed: number) { this.next = mulberry32(seed); }
  int(lo: number, hi: number): number { return lo + Math.floor(this.next() * (hi - lo + 1)); }
  pick<T>(items: readonly T[]): T { return items[Math.floor(this.next() * items.length)]; }
  chance(p: number): boolean { return this.next() < p; }
}

// No literal 0 or -0: C Lua folds constant expressions and keeps 0 and -0 in one constant
// slot per function (whichever comes first wins), a quirk the corpus pins down; here it would
// only add noise. Zero still appears at run time (n1 - n1, 1 % 1, ...).
const NUMBER_LITERALS = [
  '1', '2', '3', '7', '10', '-1', '-5', '0.5', '-0.25', '1.5', '3.7', '-2.5', '100', '255',
  '1e15', '1e16', '2^53', '1e300', '-1e300', '1e-7', '0.1', '0.2', '1/3', '0x10', '0xff', '1.5e3',
  '123456789', '123456789012', '(0/0)', '(1/0)', '(-1/0)', '2^31', '2^32', '0.001', '99.99',
] as const;
const ARITH_OPS = ['+', '-', '*', '/', '%', '^'] as const;
const POW_EXPONENTS = ['0.5', '0', '1'] as const;
// Only exactly-rounded math functions: sin/exp/log differ in the last bits between C
// libraries (glibc for lua5.1, musl in the wasm build, fdlibm in V8); the corpus covers them.
const MATH_FNS = ['math.floor', 'math.ceil', 'math.abs', 'math.sqrt'] as const;
const WORDS = ['', 'a', 'abc', 'Hello', 'xyz', 'aaa', 'a b c', 'foo-bar', '12', '3.5', 'MiXeD', '  pad  ', 'x,y,z', 'banana'] as const;
const PATTERNS = ['a', '%d', '%a+', '[ab]', '.', 'x*', '%s', '(%a)(%a)', '^a', 'a$', '[^a]', '%w+', 'an'] as const;
const REPLACEMENTS = ['"<%0>"', '"%1"', '"-"', '""', '"%%"', '"[%1%1]"'] as const;

export function generateProgram(seed: number): string {
  const rng = new Rng(seed);
  const lines: string[] = [
    `-- generated program, seed ${seed}`,
    'local function P(...)',
    "  local n = select('#', ...)",
    '  local t = {...}',
    '  for i = 1, n do local v = t[i]; if v ~= v then t[i] = "NaN" else t[i] = tostring(v) end end',
    "  print(table.concat(t, ' ', 1, n))",
    'end',
    '-- F: a number safe to store or turn into a string (no NaN, whose printed sign varies)',
    'local function F(v) if v ~= v then return 0.5 end return v end',
    '-- N: identity, keeps the compiler from folding constant operations (see numExprParts)',
    'local function N(v) return v end',
  ];
  let nums = 0; // locals n1..nN hold numbers
  let strs = 0; // locals s1..sN hold strings
  let tabs = 0; // locals t1..tN hold arrays of numbers

  const numVar = (): string => (nums > 0 && rng.chance(0.5) ? `n${rng.int(1, nums)}` : rng.pick(NUMBER_LITERALS));
  const strVar = (): string => (strs > 0 && rng.chance(0.5) ? `s${rng.int(1, strs)}` : JSON.stringify(rng.pick(WORDS)));
  const smallInt = (lo: number, hi: number): string => String(rng.int(lo, hi));

  // C Lua folds operations on two constants at compile time, and keeps 0 and -0 in one
  // constant slot per function (whichever comes first wins): a folded -0 then prints as "0".
  // The corpus pins that quirk down; here it would only add noise, so no operation ever has
  // only constant operands: one of them goes through N(), an identity function.
  interface Expr { code: string; constant: boolean }
  function numLeaf(): Expr {
    if (nums > 0 && rng.chance(0.5)) return { code: `n${rng.int(1, nums)}`, constant: false };
    return { code: rng.pick(NUMBER_LITERALS), constant: true };
  }
  const unfold = (e: Expr): string => (e.constant ? `N(${e.code})` : e.code);
  function numExprParts(depth: number): Expr {
    if (depth <= 0 || rng.chance(0.3)) return numLeaf();
    switch (rng.int(0, 5)) {
      case 0: case 1: case 2: {
        const a = numExprParts(depth - 1);
        const op = rng.pick(ARITH_OPS);
        // pow is correctly rounded in glibc (lua5.1) but not in musl (the wasm build) nor V8:
        // 255^-2, 123456789^2, 99.99^3 differ in the last bit (and % or fmod amplify that).
        // Only exponents where every library agrees; the corpus (math/pow_rounding) tests pow.
        const b = op === '^' ? { code: rng.pick(POW_EXPONENTS), constant: true } : numExprParts(depth - 1);
        return { code: `(${a.constant && b.constant ? unfold(a) : a.code} ${op} ${b.code})`, constant: false };
      }
      case 3: return { code: `-(${unfold(numExprParts(depth - 1))})`, constant: false }; // never "--1" (a comment)
      case 4: return { code: `${rng.pick(MATH_FNS)}(${numExprParts(depth - 1).code})`, constant: false };
      default: return { code: `math.${rng.pick(['max', 'min', 'fmod'])}(${numExprParts(depth - 1).code}, ${numExprParts(depth - 1).code})`, constant: false };
    }
  }
  const numExpr = (depth: number): string => numExprParts(depth).code;
  function anyValue(): string {
    return rng.pick(['nil', 'false', 'true', `(${numVar()})`, strVar(), '""']); // parenthesised: "not (1/3)"
  }

  const blocks: Array<() => void> = [
    // a new number local
    () => { const e = numExpr(3); nums++; lines.push(`local n${nums} = ${e}`); lines.push(`P(n${nums})`); },
    // arithmetic printed directly
    () => lines.push(`P(${numExpr(3)}, ${numExpr(2)})`),
    // integer formatting, guarded so %d only sees safe integers
    () => lines.push(`do local v = math.floor(${numExpr(2)}); if v == v and v > -2^31 and v < 2^31 then P(string.format('%d|%5d|%-4d|%x', v, v, v, math.abs(v))) else P('skip') end end`),
    // float formatting
    () => lines.push(`do local v = ${numExpr(2)}; if v == v then P(string.format('%g|%10.4e|%.14g', v, v, v)) end if math.abs(v) < 1e9 then P(string.format('%.3f|%5.1f', v, v)) end end`),
    // comparisons and logic
    () => lines.push(`P(${numExpr(1)} < ${numExpr(1)}, ${numExpr(1)} <= ${numExpr(1)}, ${numExpr(1)} == ${numExpr(1)}, ${numExpr(1)} ~= ${numExpr(1)})`),
    () => lines.push(`P(${anyValue()} and ${anyValue()}, ${anyValue()} or ${anyValue()}, not ${anyValue()}, (${anyValue()} and ${anyValue()}) or ${anyValue()})`),
    () => lines.push(`P(${strVar()} < ${strVar()}, ${strVar()} == ${strVar()}, ${strVar()} >= ${strVar()})`),
    // a new string local, concatenation with numbers
    () => { const e = `${strVar()} .. ${rng.chance(0.5) ? `F(${numVar()})` : strVar()}`; strs++; lines.push(`local s${strs} = ${e}`); lines.push(`P(s${strs}, #s${strs})`); },
    () => lines.push(`P(${strVar()} .. F(${numExpr(1)}) .. ${strVar()})`),
    // string library
    () => lines.push(`P(string.sub(${strVar()}, ${smallInt(-6, 6)}, ${smallInt(-6, 8)}), (${strVar()}):sub(${smallInt(-3, 4)}))`),
    () => lines.push(`P(string.rep(${strVar()}, ${smallInt(0, 4)}), string.upper(${strVar()}), string.lower(${strVar()}), string.reverse(${strVar()}))`),
    () => lines.push(`P(string.byte(${strVar()}, ${smallInt(-3, 4)}, ${smallInt(-2, 5)}))`),
    () => lines.push(`P(string.char(${smallInt(32, 126)}, ${smallInt(65, 90)}, ${smallInt(97, 122)}), string.len(${strVar()}))`),
    () => lines.push(`P(string.format('[%5s][%-5s][%.2s][%q]', ${strVar()}, ${strVar()}, ${strVar()}, ${strVar()}))`),
    () => lines.push(`P(string.gsub(${strVar()}, ${JSON.stringify(rng.pick(PATTERNS))}, ${rng.pick(REPLACEMENTS)}))`),
    () => lines.push(`P(string.gsub(${strVar()}, ${JSON.stringify(rng.pick(PATTERNS))}, ${rng.pick(REPLACEMENTS)}, ${smallInt(0, 3)}))`),
    () => lines.push(`P(string.find(${strVar()}, ${JSON.stringify(rng.pick(PATTERNS))}), string.find(${strVar()}, ${JSON.stringify(rng.pick(WORDS))}, ${smallInt(-3, 3)}, true))`),
    () => lines.push(`P(string.match(${strVar()}, ${JSON.stringify(rng.pick(PATTERNS))}))`),
    () => lines.push(`do local acc = {} for w in string.gmatch(${strVar()} .. ' ' .. ${strVar()}, ${JSON.stringify(rng.pick(PATTERNS))}) do acc[#acc + 1] = w end P(#acc, table.concat(acc, ',')) end`),
    () => lines.push(`P(tonumber(${strVar()}), tonumber(${JSON.stringify(rng.pick(['10', '0x1A', ' 5 ', '1e2', 'z', '', '5.', '.5', 'ff']))}), tonumber(${JSON.stringify(rng.pick(['ff', '777', '101', 'zz', '8']))}, ${rng.pick(['2', '8', '16', '36'])}))`),
    // string coercion in arithmetic
    () => lines.push(`P(${JSON.stringify(rng.pick(['10', '0x10', ' 5 ', '1e2', '-3', '2.5']))} + ${numExpr(1)}, F(${numExpr(1)}) .. '')`),
    // a new table of numbers
    () => {
      const items: string[] = [];
      for (let i = rng.int(0, 7); i > 0; i--) items.push(`F(${numExpr(1)})`);
      tabs++;
      lines.push(`local t${tabs} = {${items.join(', ')}}`);
      lines.push(`P(#t${tabs}, table.concat(t${tabs}, ' '))`);
    },
    // table operations on an existing table (positions kept valid)
    () => {
      if (tabs === 0) return;
      const t = `t${rng.int(1, tabs)}`;
      switch (rng.int(0, 5)) {
        case 0: lines.push(`table.insert(${t}, F(${numVar()}))`); break;
        case 1: lines.push(`table.insert(${t}, math.min(#${t} + 1, ${smallInt(1, 4)}), ${smallInt(-9, 9)})`); break;
        case 2: lines.push(`P(table.remove(${t}))`); break;
        case 3: lines.push(`if #${t} > 0 then P(table.remove(${t}, math.min(#${t}, ${smallInt(1, 3)}))) end`); break;
        case 4: lines.push(`table.sort(${t})`); break;
        default: lines.push(`table.sort(${t}, function(a, b) return a > b end)`); break;
      }
      lines.push(`P(#${t}, table.concat(${t}, ','), table.maxn(${t}))`);
    },
    // numeric for loops, with float and negative steps
    () => {
      const start = rng.pick(['1', '2', '10', '0.5', '-3', '2.5']);
      const stop = rng.pick(['5', '4', '-2', '3.5', '1', '7']);
      const step = rng.pick(['1', '-1', '0.5', '2', '-0.75', '3']);
      lines.push(`do local c, s = 0, 0 for i = ${start}, ${stop}, ${step} do c = c + 1; s = s + i * ${numVar()} end P(c, s) end`);
    },
    // while and repeat with an accumulator
    () => lines.push(`do local i, acc = 0, ${numVar()} while i < ${smallInt(0, 6)} do i = i + 1; acc = acc ${rng.pick(['+', '-', '*', '/', '%'])} i end P(i, acc) end`),
    () => lines.push(`do local i, acc = 0, '' repeat i = i + 1; acc = acc .. i until i >= ${smallInt(1, 6)} P(acc) end`),
    // ipairs over a table, and multiple assignment
    () => { if (tabs > 0) { const t = `t${rng.int(1, tabs)}`; lines.push(`do local s = 0 for i, v in ipairs(${t}) do s = s + i * v end P(s) end`); } },
    () => { if (nums >= 2) { const a = rng.int(1, nums), b = rng.int(1, nums); lines.push(`n${a}, n${b} = n${b}, n${a}`); lines.push(`P(n${a}, n${b})`); } },
    // select and varargs
    () => lines.push(`P(select('#', ${anyValue()}, ${anyValue()}, nil), select(${smallInt(1, 3)}, F(${numVar()}), ${strVar()}, F(${numVar()})))`),
    // runtime errors caught by pcall: the messages (with variable names and "prog:LINE:") must match
    () => {
      const operand = (): string => rng.pick(['nil', 'true', '"x"', '"10"', '{}', '1.5', 'N(2)']);
      const op = rng.pick(['a + b', 'a - b', 'a * b', 'a / b', 'a % b', 'a ^ b', '-a', 'a .. b', 'a < b', 'a <= b', 'a == b', '#a', 'a.field', 'a[b]', 'a()', 'a.x.y', 't.missing.x', 'b .. t.missing', 'glob_undefined + a']);
      lines.push(`P(pcall(function() local a, b = ${operand()}, ${operand()} local t = {} local r = ${op} if type(r) == "table" then return "table" end return r end))`);
    },
    // closures: one upvalue per loop iteration, shared upvalues
    () => {
      const k = rng.int(1, 5);
      lines.push(`do local fs, shared = {}, 0 for i = 1, ${k} do fs[i] = function() shared = shared + i return i * ${numVar()} end end P(F(fs[1]()), F(fs[${k}]()), shared) end`);
    },
    // metatables: __index function, __add with mixed operands, __eq, __lt, __concat, __tostring
    () => {
      const kind = rng.int(0, 3);
      if (kind === 0) lines.push(`do local o = setmetatable({}, {__index = function(t, k) return k .. '!' end}) P(o.key, o[${smallInt(1, 9)}], rawget(o, 'key')) end`);
      else if (kind === 1) lines.push(`do local mt = {__add = function(a, b) return 'add' end, __concat = function(a, b) return 'cat' end} local o = setmetatable({}, mt) P(o + 1, ${numVar()} + o, o .. 'x', 'x' .. o) end`);
      else if (kind === 2) lines.push(`do local mt = {__lt = function(a, b) return a.v < b.v end, __eq = function(a, b) return a.v == b.v end} local x, y = setmetatable({v = ${smallInt(1, 3)}}, mt), setmetatable({v = ${smallInt(1, 3)}}, mt) P(x < y, x <= y, x == y, x ~= y, x > y) end`);
      else lines.push(`do local o = setmetatable({}, {__tostring = function() return ${strVar()} end}) P(tostring(o), type(o)) end`);
    },
    // varargs through a function, unpack, and table constructors
    () => lines.push(`do local function va(...) return select('#', ...), ... end local t = {va(${anyValue()}, nil, ${anyValue()})} P(#t >= 1, t[1], select('#', unpack({${smallInt(1, 4)}, ${smallInt(1, 4)}}))) end`),
  ];

  const count = rng.int(25, 60);
  for (let i = 0; i < count; i++) rng.pick(blocks)();
  return lines.join('\n') + '\n';
}
