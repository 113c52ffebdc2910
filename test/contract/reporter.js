/* Jest reporter: sums what every worker validated against Atlassian's OpenAPI files (see state.ts) and fails the
 * run when anything violated the contract. Plain CommonJS because jest loads reporters without transforming them. */
const {
	existsSync,
	mkdirSync,
	readdirSync,
	readFileSync,
	rmSync,
	statSync,
	writeFileSync,
} = require('fs');
const { join } = require('path');

const RUN_DIR_ENV = 'CONFLUENCE_CONTRACT_RUN_DIR';
const SHOWN_VIOLATIONS = 20;
// Leftovers of runs killed before onRunComplete: their jest process is gone, or they are older than any run.
const STALE_RUN_MS = 24 * 60 * 60 * 1000;

function processAlive(pid) {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return error.code === 'EPERM';
	}
}

function readTotals(runDir) {
	const totals = { requests: 0, responses: 0, violations: 0, beyondSpec: {} };
	const examples = [];
	if (!existsSync(runDir)) return { totals, examples };
	const files = readdirSync(runDir).sort();
	for (const file of files) {
		const path = join(runDir, file);
		if (/^\d+\.json$/.test(file)) {
			const worker = JSON.parse(readFileSync(path, 'utf8'));
			totals.requests += worker.requests;
			totals.responses += worker.responses;
			totals.violations += worker.violations;
			for (const [reason, count] of Object.entries(worker.beyondSpec ?? {})) {
				totals.beyondSpec[reason] = (totals.beyondSpec[reason] ?? 0) + count;
			}
		} else if (file.endsWith('.violations.jsonl')) {
			for (const line of readFileSync(path, 'utf8').split('\n')) {
				if (line.trim()) examples.push(JSON.parse(line));
			}
		}
	}
	return { totals, examples };
}

function pruneStaleRuns(baseDir, currentRunDir) {
	if (!existsSync(baseDir)) return;
	for (const entry of readdirSync(baseDir)) {
		const path = join(baseDir, entry);
		if (path === currentRunDir) continue;
		const owner = /^\d+-(\d+)-\d+$/.exec(entry);
		try {
			const stats = statSync(path);
			if (!stats.isDirectory() || !owner) continue;
			if (!processAlive(Number(owner[1])) || Date.now() - stats.mtimeMs > STALE_RUN_MS) {
				rmSync(path, { recursive: true, force: true });
			}
		} catch {
			// Removed concurrently by another run's pruning.
		}
	}
}

class ContractReporter {
	constructor(globalConfig) {
		this.baseDir = join(globalConfig.rootDir, '.cache', 'contract');
		this.runDir = undefined;
		this.runs = 0;
		this.error = undefined;
	}

	onRunStart() {
		this.error = undefined;
		this.runs += 1;
		this.runDir = join(this.baseDir, `${Date.now()}-${process.pid}-${this.runs}`);
		mkdirSync(this.runDir, { recursive: true });
		pruneStaleRuns(this.baseDir, this.runDir);
		// Set before jest forks its workers (they start after onRunStart), so every worker inherits it.
		process.env[RUN_DIR_ENV] = this.runDir;
	}

	onRunComplete() {
		if (!this.runDir) return;
		const { totals, examples } = readTotals(this.runDir);
		const beyond = Object.entries(totals.beyondSpec).sort(([a], [b]) => a.localeCompare(b));
		const beyondCount = beyond.reduce((sum, [, count]) => sum + count, 0);
		const lines = [
			`contract: ${totals.requests} requests and ${totals.responses} responses validated, ${totals.violations} violations`,
		];
		if (totals.violations > 0) {
			for (const violation of examples.slice(0, SHOWN_VIOLATIONS)) lines.push(`  ${violation}`);
			if (totals.violations > SHOWN_VIOLATIONS) {
				lines.push(
					`  ... ${totals.violations - SHOWN_VIOLATIONS} more (see .cache/contract/last-run.json)`,
				);
			}
			this.error = new Error(
				`${totals.violations} exchanges with the simulator broke Atlassian's OpenAPI contract`,
			);
		}
		lines.push(
			`contract: ${beyondCount} exchanges accepted beyond the spec${beyond.length ? ` (${beyond.map(([reason, count]) => `${reason}: ${count}`).join(', ')})` : ''}`,
		);
		process.stdout.write(`${lines.join('\n')}\n`);
		writeFileSync(
			join(this.baseDir, 'last-run.json'),
			JSON.stringify({ ...totals, violationExamples: examples }, null, 2),
		);
		rmSync(this.runDir, { recursive: true, force: true });
		if (process.env[RUN_DIR_ENV] === this.runDir) delete process.env[RUN_DIR_ENV];
		this.runDir = undefined;
	}

	/** A reporter error makes jest mark the run failed, so `npm test` exits non-zero. */
	getLastError() {
		return this.error;
	}
}

module.exports = ContractReporter;
