// Error positions as Redis's error handler reports them.

/**
 * A "chunk:line: " position as the error handler's {source, line}: the script itself is
 * '@user_script'; a loadstring chunk's source is its text ('[string "..."]' shows it).
 */
export function positionOf(pos: string): { source: string; line: number } | null {
  const m = /^(.*):(\d+): $/s.exec(pos);
  if (m === null) return null;
  let source = m[1];
  const s = /^\[string "(.*)"\]$/s.exec(source);
  if (s !== null) source = s[1].endsWith('...') ? s[1].slice(0, -3) : s[1];
  else source = '@' + source;
  return { source, line: Number(m[2]) };
}

