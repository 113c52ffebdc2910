/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
import { setSafeRegexEngine } from 'n8n-workflow';
import { createContext, Script } from 'vm';

// n8n-core logs every failed node run (tests fail nodes on purpose); the assertions read the errors themselves.
process.env.N8N_LOG_LEVEL ??= 'silent';

/*
 * n8n checks parameter values against their regexes (resource locator IDs and URLs) in a vm with a 250 ms timeout, as
 * protection from catastrophic patterns. In a fresh jest worker on a loaded two-core machine the first such check can
 * take longer than that and fails a test with "Regular expression execution timed out". The tests keep the same
 * engine (a vm with a timeout), with a limit only a real runaway pattern reaches.
 */
const TEST_REGEX_TIMEOUT_MS = 10_000;
const regexContext = createContext({
	pattern: '',
	flags: '',
	input: '',
	replacement: '',
	result: undefined as unknown,
});
const regexScripts = {
	exec: new Script('result = new RegExp(pattern, flags).exec(input)'),
	test: new Script('result = new RegExp(pattern, flags).test(input)'),
	replace: new Script('result = input.replace(new RegExp(pattern, flags), replacement)'),
	matchAll: new Script(
		'result = Array.from(input.matchAll(new RegExp(pattern, flags.includes("g") ? flags : flags + "g")))',
	),
	split: new Script('result = input.split(new RegExp(pattern, flags))'),
};

function runRegex(
	script: Script,
	pattern: string,
	input: string,
	flags?: string,
	replacement = '',
): never {
	Object.assign(regexContext, {
		pattern,
		input,
		flags: flags ?? '',
		replacement,
		result: undefined,
	});
	script.runInContext(regexContext, { timeout: TEST_REGEX_TIMEOUT_MS });
	return regexContext.result as never;
}

setSafeRegexEngine({
	exec: (pattern, input, flags) => runRegex(regexScripts.exec, pattern, input, flags),
	test: (pattern, input, flags) => runRegex(regexScripts.test, pattern, input, flags),
	replace: (pattern, input, flags, replacement) =>
		runRegex(regexScripts.replace, pattern, input, flags, replacement),
	matchAll: (pattern, input, flags) => runRegex(regexScripts.matchAll, pattern, input, flags),
	split: (pattern, input, flags) => runRegex(regexScripts.split, pattern, input, flags),
});
