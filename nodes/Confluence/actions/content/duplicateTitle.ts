import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { apiPath, confluenceApi } from '../../transport';
import { findContentByTitle } from '../common/resolve';
import type { ContentSpec } from './shared';

/** Confluence's 400 for a title taken in the space ("A page with this title already exists: …"). */
function isTitleTaken(error: unknown): error is NodeApiError {
	return (
		error instanceof NodeApiError &&
		String(error.httpCode) === '400' &&
		/title already exists|already exists with the same title/i.test(error.message)
	);
}

async function spaceKeyOf(
	ctx: IExecuteFunctions,
	itemIndex: number,
	spaceId: string,
): Promise<string> {
	try {
		const space = await confluenceApi.call(ctx, {
			method: 'GET',
			path: apiPath`/spaces/${spaceId}`,
			itemIndex,
		});
		return typeof space.key === 'string' ? space.key : spaceId;
	} catch {
		return spaceId;
	}
}

/**
 * Titles of current pages and blog posts are unique within a space, and Confluence's refusal names neither the space
 * nor the page that has the title. The error then says both, and what would work, so that whoever reads it (a person,
 * or a model that sees only the message) can act: write to that page instead, or pick another title.
 */
export async function explainTitleTaken(
	ctx: IExecuteFunctions,
	itemIndex: number,
	error: unknown,
	spec: ContentSpec,
	title: string,
	context: { spaceId?: string; ownId?: string; operation: 'create' | 'update' },
): Promise<never> {
	if (!isTitleTaken(error) || !title) throw error;
	let holders: IDataObject[] = [];
	try {
		holders = (await findContentByTitle(ctx, itemIndex, spec.kind, title, context.spaceId)).filter(
			(item) => item.title === title && String(item.id) !== context.ownId,
		);
	} catch {
		throw error;
	}
	const holder = holders[0];
	const spaceId = String(holder?.spaceId ?? context.spaceId ?? '');
	const key = spaceId ? await spaceKeyOf(ctx, itemIndex, spaceId) : '';
	const where = key ? ` in space ${key}` : '';
	const which = holder ? ` (id ${String(holder.id)})` : '';
	const instead =
		context.operation === 'create'
			? `use ${spec.label} → Update on it${holder ? ` (id ${String(holder.id)})` : ''}, or ${spec.label} → Create or Update to write to whichever has the title, or choose another title`
			: `choose another title, or update that ${spec.lower} instead`;
	error.message = `A ${spec.lower} titled "${title}" already exists${where}${which}: ${instead}`;
	error.description = [
		`Confluence refused the ${context.operation === 'create' ? 'new' : 'changed'} title (400): titles of ${spec.plural} are unique within a space.`,
		error.description,
	]
		.filter(Boolean)
		.join(' ');
	throw error;
}
