import type { IDataObject, ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { apiPath, confluencePages, isDataCenter } from '../transport';

/** Enough for a dropdown; sites with more labels are better filtered by typing names in an expression. */
const MAX_LABEL_OPTIONS = 1000;

/** Site labels by name (the value is the name, which is what label filters take), sorted alphabetically. */
export async function getLabels(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const names = new Set<string>();
	if (isDataCenter(this)) {
		await addSpaceLabels(this, names);
		return asOptions(names);
	}
	for await (const page of confluencePages.call(
		this,
		{ method: 'GET', path: apiPath`/labels`, qs: { sort: 'name' } },
		{ max: MAX_LABEL_OPTIONS },
	)) {
		for (const label of page as IDataObject[]) {
			if (typeof label.name === 'string') names.add(label.name);
		}
	}
	return asOptions(names);
}

function asOptions(names: Set<string>): INodePropertyOptions[] {
	return [...names].sort((a, b) => a.localeCompare(b)).map((name) => ({ name, value: name }));
}

/** How many spaces the Data Center picker reads labels from, a page of `/rest/api/space` at a time. */
const MAX_SPACES_FOR_LABELS = 500;

/**
 * Data Center's REST API lists no labels site-wide (v2's `/labels` does not exist there); the picker serves the space
 * label filter, so it offers the labels the spaces carry (`GET /rest/api/space?expand=metadata.labels`, the Space's
 * `metadata.labels`: https://developer.atlassian.com/server/confluence/rest/v1000/api-group-content-resource).
 */
async function addSpaceLabels(ctx: ILoadOptionsFunctions, names: Set<string>): Promise<void> {
	for await (const page of confluencePages.call(
		ctx,
		{ method: 'GET', api: 'v1', path: apiPath`/space`, qs: { expand: 'metadata.labels' } },
		{ max: MAX_SPACES_FOR_LABELS, pageSize: 50, offsetFallback: true },
	)) {
		for (const space of page as IDataObject[]) {
			const labels = ((space.metadata as IDataObject | undefined)?.labels ?? []) as unknown;
			const list = Array.isArray(labels)
				? labels
				: (((labels as IDataObject).results as unknown[] | undefined) ?? []);
			for (const label of list) {
				const name = typeof label === 'string' ? label : (label as IDataObject | null)?.name;
				if (typeof name === 'string' && names.size < MAX_LABEL_OPTIONS) names.add(name);
			}
		}
	}
}
