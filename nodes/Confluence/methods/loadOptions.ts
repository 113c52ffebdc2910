import type { IDataObject, ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { apiPath, confluencePages } from '../transport';

/** Enough for a dropdown; sites with more labels are better filtered by typing names in an expression. */
const MAX_LABEL_OPTIONS = 1000;

/** Site labels by name (the value is the name, which is what label filters take), sorted alphabetically. */
export async function getLabels(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const names = new Set<string>();
	for await (const page of confluencePages.call(
		this,
		{ method: 'GET', path: apiPath`/labels`, qs: { sort: 'name' } },
		{ max: MAX_LABEL_OPTIONS },
	)) {
		for (const label of page as IDataObject[]) {
			if (typeof label.name === 'string') names.add(label.name);
		}
	}
	return [...names].sort((a, b) => a.localeCompare(b)).map((name) => ({ name, value: name }));
}
