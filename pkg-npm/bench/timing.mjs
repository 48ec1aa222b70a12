// The one timing loop of the benchmarks, in Node and in the browser page.

/**
 * Mean milliseconds of one call of `fn`: one warm-up call, then calls repeated
 * until at least `minMs` have passed (at least one).
 */
export function meanMs(fn, minMs) {
  fn();
  let runs = 0;
  const start = performance.now();
  let elapsed = 0;
  do {
    fn();
    runs++;
    elapsed = performance.now() - start;
  } while (elapsed < minMs);
  return elapsed / runs;
}
