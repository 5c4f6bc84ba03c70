// Work done by the injection engine on one benchmark kind, for counting
// instructions under valgrind when wall-clock and CPU time are too noisy to
// compare two builds (a shared, loaded machine): scans 16 slices of 10 KB of
// the kind `rounds` times after loading. Run it twice per build, at 60 and
// at 20 rounds, and divide the difference by 640 (startup, module loading
// and JIT compilation cancel); --predictable makes V8's JIT deterministic,
// so repeated runs agree within 0.3 % (without it, background compilation
// moves the count by several percent):
//   valgrind --tool=callgrind --callgrind-out-file=/dev/null node --predictable scripts/count-injection-instructions.mjs <dist> <kind> <rounds>
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [dist = 'packages/core/dist', kind = 'readme', rounds = '3'] = process.argv.slice(2);
const { slices } = await import(pathToFileURL(resolve('test/bench/inputs.mjs')).href);
const core = await import(pathToFileURL(resolve(dist, 'index.js')).href);
const engine = core.createInjectionEngine();
const inputs = slices(kind, 10240, 16);
for (let r = 0; r < Number(rounds); r++) for (const x of inputs) engine.scan(x);
