// Doubles as Redis prints them in replies and in RDB text scores: "%.17g" with C's %g rules,
// "inf" / "-inf" / "nan".

/** Redis's %.17g formatting of doubles for RESP3 ',' and RESP2 bulk replies. */
export function formatDouble(d: number): string {
  if (Number.isNaN(d)) return 'nan';
  if (d === Infinity) return 'inf';
  if (d === -Infinity) return '-inf';
  if (Number.isInteger(d) && Math.abs(d) < 1e17) return Object.is(d, -0) ? '-0' : String(d);
  // %.17g: 17 significant digits, then drop trailing zeros as %g does.
  // %g switches to exponent form below 1e-4, toPrecision only below 1e-6.
  let s = Math.abs(d) < 1e-4 ? d.toExponential(16) : d.toPrecision(17);
  if (s.includes('e')) {
    let [mant, exp] = s.split('e');
    if (mant.includes('.')) mant = mant.replace(/0+$/, '').replace(/\.$/, '');
    const e = Number(exp);
    return `${mant}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
  }
  if (s.includes('.')) s = s.replace(/0+$/, '').replace(/\.$/, '');
  return s;
}
