/* Reads test/simulator/REALITY.md, the ledger of simulator behaviours beyond Atlassian's OpenAPI files. Shared by
 * reality.test.ts (which fails on a malformed row) and realityReporter.js (which prints the totals at the end of a run).
 * Plain CommonJS because jest loads reporters without transforming them. */
const { existsSync, readFileSync } = require('fs');
const { join } = require('path');

const COLUMNS = ['id', 'behaviour', 'source', 'variants', 'test'];
const ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
// A URL, an `owner/repo#N` issue or pull request, or a CHANGE-NNNN notice.
const SOURCE_PATTERN = /^(?:https?:\/\/\S+|[\w.-]+\/[\w.-]+#\d+|CHANGE-\d+\b.*)$/;

function unquote(cell) {
	return cell.replace(/^`(.*)`$/, '$1').trim();
}

/** Splits a table row on `|` that are not escaped (`\|`) or inside backticks. */
function cells(line) {
	const out = [];
	let current = '';
	let inCode = false;
	const body = line.trim().replace(/^\|/, '').replace(/\|$/, '');
	for (let index = 0; index < body.length; index++) {
		const char = body[index];
		if (char === '\\' && body[index + 1] === '|') {
			current += '|';
			index++;
		} else if (char === '`') {
			inCode = !inCode;
			current += char;
		} else if (char === '|' && !inCode) {
			out.push(current.trim());
			current = '';
		} else {
			current += char;
		}
	}
	out.push(current.trim());
	return out;
}

/** The ledger's rows with their section, and the problems that make a row malformed. */
function parseLedger(text) {
	const rows = [];
	const problems = [];
	let section = '';
	let inTable = false;
	text.split('\n').forEach((line, index) => {
		const where = `REALITY.md:${index + 1}`;
		if (line.startsWith('## ')) {
			section = line.slice(3).trim();
			inTable = false;
			return;
		}
		if (!line.trim().startsWith('|')) {
			inTable = false;
			return;
		}
		const row = cells(line);
		if (!inTable) {
			inTable = true;
			if (row.join('|') !== COLUMNS.join('|')) {
				problems.push(`${where}: a table's header must be | ${COLUMNS.join(' | ')} |`);
			}
			return;
		}
		if (row.every((cell) => /^-+$/.test(cell))) return;
		if (row.length !== COLUMNS.length) {
			problems.push(`${where}: ${row.length} cells instead of ${COLUMNS.length}`);
			return;
		}
		const [id, behaviour, source, variants, test] = row.map(unquote);
		if (!ID_PATTERN.test(id)) problems.push(`${where}: id "${id}" is not kebab-case`);
		if (!behaviour) problems.push(`${where}: ${id} describes no behaviour`);
		const sources = source
			.split(';')
			.map((part) => part.trim())
			.filter(Boolean);
		const unsourced = /^none:\s*\S/.test(source);
		if (!unsourced && (sources.length === 0 || !sources.every((part) => SOURCE_PATTERN.test(part)))) {
			problems.push(
				`${where}: ${id}'s source must be URLs, owner/repo#N or CHANGE-NNNN separated by ";", or "none: <why>"`,
			);
		}
		if (!variants) problems.push(`${where}: ${id} needs a variants cell ("-" for one behaviour)`);
		if (!test) problems.push(`${where}: ${id} needs a test cell (a test file, or "-")`);
		rows.push({
			id,
			behaviour,
			source,
			sourced: !unsourced,
			variants: variants === '-' ? [] : variants.split(/[,\s]+/).filter(Boolean),
			test: test === '-' ? undefined : test,
			section,
			line: index + 1,
		});
	});
	const seen = new Set();
	for (const row of rows) {
		if (seen.has(row.id)) problems.push(`REALITY.md:${row.line}: id ${row.id} is used twice`);
		seen.add(row.id);
	}
	return { rows, problems };
}

/** Whether the row's test file exists (relative to the repository root) and mentions the row's id. */
function testedBy(row, rootDir) {
	if (!row.test) return { tested: false };
	const path = join(rootDir, row.test);
	if (!existsSync(path)) return { tested: false, problem: `${row.id}: test file ${row.test} does not exist` };
	if (!readFileSync(path, 'utf8').includes(row.id)) {
		return { tested: false, problem: `${row.id}: ${row.test} does not mention the id` };
	}
	return { tested: true };
}

function ledgerPath(rootDir) {
	return join(rootDir, 'test', 'simulator', 'REALITY.md');
}

function summarize(rootDir) {
	const { rows, problems } = parseLedger(readFileSync(ledgerPath(rootDir), 'utf8'));
	const checks = rows.map((row) => testedBy(row, rootDir));
	return {
		rows,
		problems: [...problems, ...checks.map((check) => check.problem).filter(Boolean)],
		behaviours: rows.length,
		sourced: rows.filter((row) => row.sourced).length,
		tested: checks.filter((check) => check.tested).length,
	};
}

function summaryLine(summary) {
	return `reality: ${summary.behaviours} behaviours, ${summary.sourced} sourced, ${summary.tested} tested`;
}

module.exports = { parseLedger, testedBy, summarize, summaryLine, ledgerPath };
