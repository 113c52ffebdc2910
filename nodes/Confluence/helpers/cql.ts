/**
 * A CQL string literal. Quotes and backslashes are escaped so that user text (a title with quotes, the words AND/OR,
 * parentheses) stays one literal and cannot change the query's structure.
 */
export function cqlString(value: string): string {
	return `"${value
		.replace(/\\/g, '\\\\')
		.replace(/"/g, '\\"')
		.replace(/[\r\n]+/g, ' ')}"`;
}

/** `field IN ("a", "b")` for a list of literals. */
export function cqlIn(field: string, values: string[]): string {
	return `${field} IN (${values.map(cqlString).join(', ')})`;
}

/** A title prefix search term: `title ~ "words*"`, with Lucene's wildcard only at the end. */
export function cqlTitlePrefix(filter: string): string {
	const words = filter.trim().replace(/[*?]/g, ' ').trim();
	return `title ~ ${cqlString(`${words}*`)}`;
}

/**
 * Confluence's words for CQL it cannot read ("Could not parse cql : …") say what failed, not what would work. The
 * message gains the shape of a valid query, so that its reader (a model sees only the message) can write one.
 */
export function explainCqlError(error: unknown, example: string): unknown {
	if (
		error instanceof Error &&
		String((error as { httpCode?: unknown }).httpCode) === '400' &&
		/\bcql\b/i.test(error.message) &&
		!error.message.includes(example)
	) {
		error.message = `${error.message}. CQL is field, operator, value, joined with AND/OR, values in double quotes, e.g. ${example}`;
	}
	return error;
}

export const CONTENT_CQL_EXAMPLE =
	'type = page AND space = "DOCS" AND text ~ "release notes" ORDER BY lastmodified DESC';
export const USER_CQL_EXAMPLE = 'user.fullname ~ "Alex"';
