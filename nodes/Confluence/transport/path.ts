/**
 * Request paths. A value (an ID, a key, a name) that went into a path as it came could add segments, a query or a
 * fragment, and send the request to another endpoint (`1/../../admin`, `12?x=1#`). A path is therefore only ever built
 * by `apiPath`, which encodes every value it is given as one segment; the transport takes nothing else.
 */
export class ApiPath {
	private constructor(private readonly text: string) {}

	/** A path as Confluence wrote it (pagination's `_links.next`): already encoded, read only by the transport. */
	static fromServer(text: string): ApiPath {
		return new ApiPath(text);
	}

	static build(strings: TemplateStringsArray, values: ReadonlyArray<PathValue>): ApiPath {
		let text = strings[0];
		values.forEach((value, index) => {
			text += value instanceof ApiPath ? value.text : encodeURIComponent(String(value));
			text += strings[index + 1];
		});
		return new ApiPath(text);
	}

	toString(): string {
		return this.text;
	}
}

export type PathValue = string | number | ApiPath;

/** A value known to start with "/" is a path written as text: it would be encoded into one segment, so tsc refuses it. */
type SegmentValue<T> = T extends `/${string}` ? never : T;

/** `apiPath\`/pages/${id}/labels\``: each value becomes exactly one encoded segment; an ApiPath is kept as it is. */
export function apiPath<Values extends PathValue[]>(
	strings: TemplateStringsArray,
	...values: { [K in keyof Values]: SegmentValue<Values[K]> }
): ApiPath {
	return ApiPath.build(strings, values as PathValue[]);
}
