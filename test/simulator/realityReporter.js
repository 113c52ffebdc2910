/* Jest reporter: prints the reality ledger's totals (test/simulator/REALITY.md) at the end of a run. Malformed rows are
 * failed by reality.test.ts; this only reports. */
const { summarize, summaryLine } = require('./realityLedger');

class RealityReporter {
	constructor(globalConfig) {
		this.rootDir = globalConfig.rootDir;
	}

	onRunComplete() {
		try {
			process.stdout.write(`${summaryLine(summarize(this.rootDir))}\n`);
		} catch (error) {
			process.stdout.write(`reality: ledger unreadable (${error.message})\n`);
		}
	}
}

module.exports = RealityReporter;
