import type { IDataObject } from 'n8n-workflow';

import { addRenderedBody, renderBody, withConvertedBody } from './body';
import type { BodyReadFormat } from './descriptions';
import { dropNullish } from './values';

function webUrl(raw: IDataObject): string | undefined {
	const links = (raw._links ?? {}) as IDataObject;
	if (typeof links.webui !== 'string') return undefined;
	return typeof links.base === 'string' ? `${links.base}${links.webui}` : links.webui;
}

/** Pages, blog posts, whiteboards and comments as a flat object; the body in the chosen format. */
export function simplifyContent(raw: IDataObject, format: BodyReadFormat = 'none'): IDataObject {
	const version = (raw.version ?? {}) as IDataObject;
	const simplified: IDataObject = {
		id: raw.id,
		type: raw.type ?? undefined,
		status: raw.status,
		title: raw.title,
		spaceId: raw.spaceId,
		parentId: raw.parentId,
		parentType: raw.parentType,
		authorId: raw.authorId,
		ownerId: raw.ownerId,
		createdAt: raw.createdAt,
		version: version.number,
		versionMessage: version.message || undefined,
		lastModifiedAt: version.createdAt,
		lastModifiedBy: version.authorId,
		url: webUrl(raw),
	};
	addRenderedBody(simplified, raw, format);
	return dropNullish(simplified);
}

/** Raw output, with the body converted when a converted format (Markdown, plain text) was asked for. */
export function shapeContent(
	raw: IDataObject,
	format: BodyReadFormat,
	simplify: boolean,
): IDataObject {
	if (simplify) return simplifyContent(raw, format);
	if (format === 'markdown' || format === 'plain') {
		return withConvertedBody(raw, format, renderBody(raw, format));
	}
	return raw;
}
