/**
 * @module test/golden/generators/check-libm-exhaustive
 * Offline check (not part of npm test, minutes of CPU): compares calculators/numerics/glibc-libm.ts with this
 * machine's glibc on EVERY float in a bit-pattern range, streaming from glibc-libm-golden's `range` mode.
 *   cc -O2 -o /tmp/glibc-libm-golden test/golden/generators/glibc-libm-golden.c -lm
 *   node dist/test/golden/generators/check-libm-exhaustive.js /tmp/glibc-libm-golden expf 0x80000000 0xc1200000
 * An optional fifth argument names our port when it differs from glibc's name (sinfNoFma, cosfNoFma: run those with
 * GLIBC_TUNABLES=glibc.cpu.hwcaps=-AVX2,-FMA,-FMA4 so glibc uses its baseline build too).
 */
import { spawn } from 'node:child_process';
import { cosf, cosfNoFma, expf, logf, sinf, sinfNoFma } from '../../../calculators/numerics/glibc-libm.js';

const FUNCTIONS: Record<string, (x: number) => number> = { logf, expf, sinf, cosf, sinfNoFma, cosfNoFma };

async function main(): Promise<void> {
  const [tool, name, loText, hiText, port = name] = process.argv.slice(2);
  const fn = port === undefined ? undefined : FUNCTIONS[port];
  if (tool === undefined || fn === undefined || loText === undefined || hiText === undefined) {
    throw new Error('usage: check-libm-exhaustive <glibc-libm-golden> <logf|expf|sinf|cosf> <lo bits> <hi bits>');
  }
  const lo = Number(loText);
  const hi = Number(hiText);
  const child = spawn(tool, ['range', name!, loText, hiText], { stdio: ['ignore', 'pipe', 'inherit'] });
  const input = new DataView(new ArrayBuffer(4));
  let bits = lo;
  let carry: Buffer = Buffer.alloc(0);
  let mismatches = 0;
  for await (const chunk of child.stdout as AsyncIterable<Buffer>) {
    const data = carry.length > 0 ? Buffer.concat([carry, chunk]) : chunk;
    const whole = data.length - (data.length % 4);
    for (let offset = 0; offset < whole; offset += 4, bits++) {
      input.setUint32(0, bits >>> 0);
      const ours = Math.fround(fn(input.getFloat32(0)));
      const theirs = data.readFloatLE(offset);
      if (!Object.is(ours, theirs) && !(Number.isNaN(ours) && Number.isNaN(theirs))) {
        if (mismatches++ < 20) console.log(`mismatch at 0x${(bits >>> 0).toString(16)}: ours ${ours}, glibc ${theirs}`);
      }
    }
    carry = data.subarray(whole);
  }
  console.log(`${port} vs glibc ${name} over 0x${lo.toString(16)}..0x${hi.toString(16)}: ${bits - lo} floats, ${mismatches} mismatches`);
  if (bits - lo !== hi - lo + 1) throw new Error('short read from the glibc tool');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
