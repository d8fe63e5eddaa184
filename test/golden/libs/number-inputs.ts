// Inputs for the number-formatting goldens (recorded with lua5.1 by record-libs.ts): a fixed,
// deterministic list so the recorded file and the test agree.

import { mulberry32 } from '../../support/prng';

/** [value, precision] pairs for "%.<p>g". */
export function formatGInputs(): Array<[number, number]> {
  const values: number[] = [
    0, -0, 1, -1, 0.1, 0.5, 1.5, 2.5, 0.125, 0.375, 9.5, 99.5, 0.05, 0.15, 0.25, 1e-5, 1e-4, 1e-300, 5e-324,
    1e14, 1e15, 1e16, 1e20, 1e21, 1e100, 1e300, 1.7976931348623157e308, 2 ** 53, 2 ** 63, -(2 ** 63), 2 ** 64,
    123456789012345, 1234567890123456, 12345678901234, 99999999999999, 999999999999999, 100000000000000.5,
    0.30000000000000004, 1 / 3, 2 / 3, Math.PI, Math.E, 1234567.5, 1e-7, 123e-20, 4294967296, 4294967295.5,
    0.000123456789012345, 9.9999999999999e-5, 9.99999999999995e14, 5e-5, 1.00000000000005, 2.00000000000005,
    Infinity, -Infinity,
  ];
  const rnd = mulberry32(42);
  const f64 = new Float64Array(1);
  const u32 = new Uint32Array(f64.buffer);
  for (let i = 0; i < 300; i++) {
    u32[0] = (rnd() * 4294967296) >>> 0;
    u32[1] = (rnd() * 4294967296) >>> 0;
    if (Number.isFinite(f64[0])) values.push(f64[0]);
  }
  for (let i = 0; i < 200; i++) values.push(Math.round(rnd() * 1e6) / 1000 * (rnd() < 0.5 ? -1 : 1));
  for (let i = 0; i < 100; i++) values.push(Math.floor(rnd() * 2 ** 53) * (rnd() < 0.5 ? 1 : 1024));
  // Exact ties at 14 digits: 15-digit integers ending in 5.
  for (let i = 0; i < 50; i++) values.push(Math.floor(rnd() * 1e13) * 10 + 100000000000000 + 5);
  const out: Array<[number, number]> = [];
  for (const v of values) out.push([v, 14]);
  for (const v of values.slice(0, 120)) for (const p of [1, 2, 3, 5, 10, 17]) out.push([v, p]);
  return out;
}

/** Strings for Lua's tonumber() (luaO_str2d: strtod + whitespace + hex). */
export function numberStrings(): string[] {
  return [
    '1', ' 1', '1 ', ' \t\n1\r\n', '1x', '', ' ', '-', '+', '+5', '-5', '007', '1.', '.5', '-.5', '1e5', '1E+5', '1e',
    '1e+', '1.5e-3', '0x10', '0X1F', '-0x10', '0x', '0x1p4', '0x1.8p1', '0xg', '1e400', '-1e400', '1e-400',
    'inf', '-inf', 'INF', 'infinity', 'Infinity', 'infinit', 'nan', 'NaN', '-nan', 'nan(123)', 'nano', '12345678901234567890',
    '0.1', '123.456e-2', '1\x002', '\x001', '1 2', '--1', '1..2', '0x7fffffffffffffff', '9007199254740993',
    '2.2250738585072011e-308', '4.9406564584124654e-324', '1.7976931348623157e308', '1.7976931348623159e308',
  ];
}
