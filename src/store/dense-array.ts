// Growth of the keyspace's big dense arrays (keys, values), by 1/8 instead of V8's 1/2.
//
// V8 grows a JS array's backing store to 1.5x + 16 when a push overflows it, so an array of a
// million keys carries up to half a million empty slots (4 MB); with two such arrays per
// database that was a fifth of the per-key overhead. The owner keeps the capacity it asked for
// and, when full, moves the elements into a new array of +1/8. Setting `length` back to the
// element count keeps the larger store (V8 trims only below half), so pushes fill it in place.

/** Capacity of the array `grow` makes for `count` elements. */
export function grownCapacity(count: number): number {
  return count + (count >>> 3) + 16;
}

/** A copy of arr's first `count` elements in an array with room for grownCapacity(count). */
export function grow<T>(arr: readonly T[], count: number): T[] {
  const next = new Array<T>(grownCapacity(count));
  for (let i = 0; i < count; i++) next[i] = arr[i];
  next.length = count;
  return next;
}
