/**
 * The one-line refusal for an input whose table would not fit in the JavaScript heap, instead of
 * V8's out-of-memory crash (a stack trace and exit 134). Readers call checkHeap between pieces of a
 * large input, and heapRoom before they start, with an estimate of what they will keep.
 */
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import { MelabError } from '../labels/issues';

/**
 * Heap in use past which a reader stops: the old generation's limit, where V8 aborts (heap_size_limit
 * also counts the young generation's reserve, 3 semispaces of 16 MiB on 64-bit, which a guard on the
 * whole limit would never reach under a small --max-old-space-size), less a margin of 10% and at least
 * 8 MiB (what the reader allocates between two checks, and the young objects a collection promotes).
 */
function stopAt(limit: number): number {
  const old = Math.max(limit - 48 * 2 ** 20, limit / 2);
  return old - Math.max(0.1 * old, 8 * 2 ** 20);
}

/** Rows a reader reads between two checkHeap calls: a few MiB apart, within stopAt's margin (a check costs a microsecond). */
export const HEAP_CHECK_ROWS = 8192;
/** The same as a bit mask, for row loops: check when (row & HEAP_CHECK_MASK) === 0. */
export const HEAP_CHECK_MASK = HEAP_CHECK_ROWS - 1;

const mib = (bytes: number): string => `${Math.round(bytes / 2 ** 20).toLocaleString('en')} MiB`;

/** How to give node more heap, for the messages. */
function advice(limit: number): string {
  const more = Math.ceil((limit * 2) / 2 ** 30) * 1024;
  return `split the file, or give melab more memory (NODE_OPTIONS=--max-old-space-size=${more})`;
}

let collect: (() => void) | undefined;

/**
 * The heap's statistics, counting live objects only when it matters: used_heap_size includes garbage
 * not yet collected, so past the stop line a full collection is run once (the gc function V8 exposes
 * on request) and the heap measured again; a reader is refused for what it keeps, not for its garbage.
 */
function liveHeap(needBytes: number): v8.HeapInfo {
  const stats = v8.getHeapStatistics();
  if (stats.used_heap_size + needBytes <= stopAt(stats.heap_size_limit)) return stats;
  if (!collect) {
    v8.setFlagsFromString('--expose-gc');
    collect = vm.runInNewContext('gc') as () => void;
  }
  collect();
  return v8.getHeapStatistics();
}

/** Throws the one-line MelabError when the heap is nearly full (`what`: how far the reader got). */
export function checkHeap(file: string, what: string): void {
  const { used_heap_size: used, heap_size_limit: limit } = liveHeap(0);
  if (used > stopAt(limit)) {
    throw new MelabError(`${file}: the table does not fit in memory (${what}; ${mib(used)} of the ${mib(limit)} JavaScript heap in use); ${advice(limit)}`, file);
  }
}

/** Throws the one-line MelabError when `needBytes` more would not fit in the heap (an estimate made before reading). */
export function heapRoom(file: string, needBytes: number, what: string): void {
  const { used_heap_size: used, heap_size_limit: limit } = liveHeap(needBytes);
  if (used + needBytes > stopAt(limit)) {
    throw new MelabError(`${file}: ${what} needs about ${mib(needBytes)}, more than the ${mib(limit)} JavaScript heap holds; ${advice(limit)}`, file);
  }
}
