// Redis's lazy free accounting (lazyfree.c). Ferrous frees nothing in a background thread (V8's
// collector does the work), but Redis reports how many objects its lazy free released
// (INFO lazyfreed_objects) and clients and tests read it: these are Redis's rules for what
// would have gone to the lazy free thread.

import type { Value } from './keyspace';
import { ListObject } from './t_list';
import { SetObject } from './t_set';
import { ZSetObject } from './t_zset';
import { HashObject } from './t_hash';
import { StreamObject } from './t_stream';

/** LAZYFREE_THRESHOLD: objects costing more to free than this go to the lazy free thread. */
export const LAZYFREE_THRESHOLD = 64;

/** lazyfreeGetFreeEffort: the number of allocations freeing the value costs. */
export function freeEffort(v: Value): number {
  if (typeof v === 'string') return 1;
  if (v instanceof ListObject) {
    // One allocation per quicklist node (8 KB listpacks at the default fill).
    return v.encoding() === 'quicklist' ? Math.max(1, Math.ceil(v.memoryUsage() / 8192)) : 1;
  }
  if (v instanceof SetObject || v instanceof HashObject) return v.encoding() === 'hashtable' ? v.size : 1;
  if (v instanceof ZSetObject) return v.encoding() === 'skiplist' ? v.size : 1;
  if (v instanceof StreamObject) {
    // Macro nodes, plus every group and (estimated from the first group) its PEL entries.
    let effort = v.nodeCount();
    if (v.groups !== null && v.groups.size > 0) {
      const first = v.groups.values().next().value!;
      effort += v.groups.size * (1 + first.pel.size);
    }
    return effort;
  }
  return 1;
}

/** Whether deleting the value asynchronously (UNLINK, lazy DEL) hands it to the lazy free thread. */
export function freedLazily(v: Value): boolean {
  return freeEffort(v) > LAZYFREE_THRESHOLD;
}
