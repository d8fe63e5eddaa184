// Random edits of a text for malformed-input tests: 1..maxEdits deletions, insertions or
// replacements of characters drawn from `alphabet`, at random places (rnd: a seeded PRNG).

export function randomEdits(rnd: () => number, s: string, alphabet: string, maxEdits: number): string[] {
  const chars = s.split('');
  const edits = 1 + Math.floor(rnd() * maxEdits);
  for (let e = 0; e < edits; e++) {
    const i = Math.floor(rnd() * (chars.length + 1));
    const c = alphabet[Math.floor(rnd() * alphabet.length)];
    const op = rnd();
    if (op < 0.33) chars.splice(i, 1);
    else if (op < 0.66) chars.splice(i, 0, c);
    else chars[i] = c;
  }
  return chars;
}
