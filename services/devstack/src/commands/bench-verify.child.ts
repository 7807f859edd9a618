// One measured run of `bench verify` in a fresh process, so each size's peak RSS is its own.
// Started by runVerifyBenchmark with: FORMAT PATH LINES SHARE WARM_PATH WARM_LINES; a warm-up run on
// the small file first, so JIT compilation does not weigh on the measured one. Prints JSON.
import { measureVerify } from './bench-verify.ts';
import type { BenchFormat } from './bench-parse.ts';

const [format, path, lines, share, warmPath, warmLines] = process.argv.slice(2);
if (warmPath !== undefined) await measureVerify(format as BenchFormat, warmPath, Number(warmLines), Number(share));
const result = await measureVerify(format as BenchFormat, path ?? '', Number(lines), Number(share));
process.stdout.write(`${JSON.stringify(result)}\n`);
