import { useTestBed } from '../../helpers/fixtures';
import { byId, currentBody, ok } from './helpers';

/**
 * Issue 14 point 6: Markdown often comes from outside (an AI model, a form), so by default its confluence-macro
 * fences write only harmless macros; the Allowed Macros parameter allows more.
 */
describe('page: macros written from Markdown', () => {
	const bed = useTestBed('demo');
	const WIDGET = '```confluence-macro widget url=https://evil.example/embed\n```';
	const TOC = '```confluence-macro toc\n```';

	const create = (title: string, body: string, extra: Record<string, unknown> = {}) =>
		bed.run({
			parameters: {
				resource: 'page',
				operation: 'create',
				space: byId(bed.sim.demo!.spaceId),
				title,
				bodyFormat: 'markdown',
				body,
				...extra,
			},
		});

	it('writes harmless macros, and keeps others visible as code, by default', async () => {
		const [page] = ok(await create('From a model', `${TOC}\n\n${WIDGET}`));
		const body = currentBody(bed.sim, String(page.id));
		expect(body).toContain('ac:name="toc"');
		expect(body).not.toContain('ac:name="widget"');
		expect(body).toContain('<![CDATA[widget url=https://evil.example/embed]]>');
	});

	it('writes the macros named in Allowed Macros, or any with *', async () => {
		const [named] = ok(await create('Named', WIDGET, { allowedMacros: 'jira, widget' }));
		expect(currentBody(bed.sim, String(named.id))).toContain('ac:name="widget"');
		const [any] = ok(
			await create('Any', '[m](confluence-macro:multimedia?name=a.mov)', { allowedMacros: '*' }),
		);
		expect(currentBody(bed.sim, String(any.id))).toContain('ac:name="multimedia"');
		const [never] = ok(
			await create('Never', '```confluence-macro html\nx\n```', { allowedMacros: '*' }),
		);
		expect(currentBody(bed.sim, String(never.id))).not.toContain('ac:name="html"');
	});

	it('applies the same rule on update, where Allowed Macros sits among the fields to update', async () => {
		const id = bed.sim.demo!.pages.projectPlan;
		const update = (updateFields: Record<string, unknown>) =>
			bed.run({
				parameters: { resource: 'page', operation: 'update', page: byId(id), updateFields },
			});
		ok(await update({ body: WIDGET, bodyFormat: 'markdown' }));
		expect(currentBody(bed.sim, id)).not.toContain('ac:name="widget"');
		ok(await update({ body: WIDGET, bodyFormat: 'markdown', allowedMacros: 'widget' }));
		expect(currentBody(bed.sim, id)).toContain('ac:name="widget"');
	});
});
