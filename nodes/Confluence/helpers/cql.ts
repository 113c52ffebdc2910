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
