// Mocha reporter: the usual spec output, then one closing line `N passed, N failed, N skipped` that CI reads.
// Skipped (pending) tests are counted as skipped, never as passed. Plain CommonJS because mocha `require`s reporters.
'use strict';
const Mocha = require('mocha');
const { EVENT_RUN_END } = Mocha.Runner.constants;

class SummaryReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    runner.once(EVENT_RUN_END, () => {
      const { passes, failures, pending } = runner.stats ?? { passes: 0, failures: 0, pending: 0 };
      // Spec prints its epilogue on the same event; print after it.
      setImmediate(() => process.stdout.write(`\n${passes} passed, ${failures} failed, ${pending} skipped\n`));
    });
  }
}

module.exports = SummaryReporter;
