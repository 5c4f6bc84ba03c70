// The A/B loop shared by the CPU-time benches (bench-targets.mjs,
// bench-request.mjs): for each case, warm every build up, then time batches
// alternately on each build until `minMs` per build have passed (at least 9
// batches), and print the median µs per call with the ratio of two builds.
// On the shared machine only comparisons made this way, in one process,
// mean anything.

/**
 * @param {Array<{ name: string }>} builds
 * @param {Array<Array<{ name: string }>>} all the cases, per build, in the same order
 * @param {(c: object) => number} batch µs per call of one timed batch of a case
 * @param {number} minMs
 * @param {number} width padding of the case name
 */
export function printAbTable(builds, all, batch, minMs, width) {
  for (let k = 0; k < all[0].length; k++) {
    const times = all.map(() => []);
    for (const cs of all) for (let w = 0; w < 20; w++) batch(cs[k]);
    const t0 = performance.now();
    while (performance.now() - t0 < minMs * all.length || times[0].length < 9) {
      all.forEach((cs, b) => times[b].push(batch(cs[k])));
    }
    const med = times.map((t) => t.sort((a, b) => a - b)[t.length >> 1]);
    const line = builds.map((b, i) => `${b.name} ${med[i].toFixed(2)} µs`).join('  ');
    console.log(`${all[0][k].name.padEnd(width)} ${line}${med.length === 2 ? `  x${(med[0] / med[1]).toFixed(2)}` : ''}`);
  }
}
