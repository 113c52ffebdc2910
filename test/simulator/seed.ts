/* The 'demo' seed: one space with a small page tree of realistic storage bodies, blog posts, labels, an attachment,
 * comments, a task, likes and a second user. */
import { DEMO_USER, type Store } from './store';

export interface DemoSeed {
	spaceId: string;
	spaceKey: 'DEMO';
	homepageId: string;
	pages: {
		gettingStarted: string;
		projectPlan: string;
		engineering: string;
		codeSamples: string;
		releaseNotes: string;
		meetingNotes: string;
	};
	blogPosts: string[];
	attachmentId: string;
	footerCommentId: string;
	inlineCommentId: string;
	taskId: string;
	secondUser: { accountId: string; email: string; apiToken: string; displayName: string };
}

export const SECOND_USER = {
	accountId: '557058:a2b3c4d5-alex-4e5f-8a9b-000000000002',
	email: 'alex@example.com',
	apiToken: 'alex-token',
	displayName: 'Alex Rivera',
} as const;

const mention = (accountId: string) =>
	`<ac:link><ri:user ri:account-id="${accountId}" /></ac:link>`;

export function seedDemo(store: Store): DemoSeed {
	return store.silently(() => {
		const alex = store.addUser({ ...SECOND_USER, admin: false });
		const demoId = DEMO_USER.accountId;
		const space = store.createSpace({
			key: 'DEMO',
			name: 'Demo space',
			description: 'A space to try the Confluence node against the simulator.',
			authorId: demoId,
			homepageTitle: 'Demo space Home',
			homepageBody:
				'<h1>Welcome to the demo space</h1><p>This space is seeded by the simulator. Start with ' +
				'<ac:link><ri:page ri:content-title="Getting started" /><ac:plain-text-link-body><![CDATA[Getting started]]></ac:plain-text-link-body></ac:link>.</p>',
		});
		store.addSpaceLabel(space.id, 'demo');
		const homepageId = space.homepageId as string;

		const gettingStarted = store.createPage({
			spaceId: space.id,
			title: 'Getting started',
			authorId: demoId,
			body:
				'<h2>Overview</h2><p>This page explains <strong>how to use</strong> the <em>demo space</em>.</p>' +
				'<h3>Steps</h3><ol><li><p>Read this page</p></li><li><p>Open the project plan</p></li><li><p>Write a blog post</p></li></ol>' +
				'<ul><li><p>Pages live in a tree</p><ul><li><p>Children move up when a parent is trashed</p></li></ul></li><li><p>Blog posts are flat</p></li></ul>' +
				'<ac:structured-macro ac:name="info" ac:schema-version="1" ac:macro-id="9d3f2c1e-info"><ac:rich-text-body><p>Tip: labels make pages easy to find.</p></ac:rich-text-body></ac:structured-macro>' +
				`<p>Questions? Ask ${mention(alex.accountId)}.</p>`,
		});
		const projectPlan = store.createPage({
			spaceId: space.id,
			title: 'Project plan',
			authorId: demoId,
			body:
				'<h2>Milestones</h2><table data-layout="default"><colgroup><col /><col /><col /></colgroup><tbody>' +
				'<tr><th><p>Milestone</p></th><th><p>Owner</p></th><th><p>Status</p></th></tr>' +
				`<tr><td><p>Design</p></td><td><p>${mention(demoId)}</p></td><td><p><ac:structured-macro ac:name="status" ac:schema-version="1" ac:macro-id="status-1"><ac:parameter ac:name="title">DONE</ac:parameter><ac:parameter ac:name="colour">Green</ac:parameter></ac:structured-macro></p></td></tr>` +
				`<tr><td><p>Build</p></td><td><p>${mention(alex.accountId)}</p></td><td><p><ac:structured-macro ac:name="status" ac:schema-version="1" ac:macro-id="status-2"><ac:parameter ac:name="title">IN PROGRESS</ac:parameter><ac:parameter ac:name="colour">Yellow</ac:parameter></ac:structured-macro></p></td></tr>` +
				'</tbody></table>' +
				'<ac:structured-macro ac:name="warning" ac:schema-version="1" ac:macro-id="warn-1"><ac:rich-text-body><p>Dates are estimates.</p></ac:rich-text-body></ac:structured-macro>',
		});
		const engineering = store.createPage({
			spaceId: space.id,
			title: 'Engineering',
			authorId: alex.accountId,
			body: '<h2>Engineering handbook</h2><p>Everything about how we build things.</p>',
		});
		const codeSamples = store.createPage({
			spaceId: space.id,
			parentId: engineering.id,
			title: 'Code samples',
			authorId: alex.accountId,
			body:
				'<p>Use the <code>fetch</code> API:</p>' +
				'<ac:structured-macro ac:name="code" ac:schema-version="1" ac:macro-id="code-1"><ac:parameter ac:name="language">javascript</ac:parameter><ac:plain-text-body><![CDATA[const res = await fetch(url);\nif (res.status === 429) await wait(res.headers.get("retry-after"));]]></ac:plain-text-body></ac:structured-macro>' +
				'<ac:structured-macro ac:name="note" ac:schema-version="1" ac:macro-id="note-1"><ac:rich-text-body><p>Always honour <code>Retry-After</code>.</p></ac:rich-text-body></ac:structured-macro>',
		});
		const releaseNotes = store.createPage({
			spaceId: space.id,
			parentId: engineering.id,
			title: 'Release notes',
			authorId: demoId,
			body:
				'<h2>Version 1.0</h2><ul><li><p>First release</p></li><li><p>See <ac:link><ri:page ri:content-title="Code samples" /></ac:link></p></li></ul>' +
				'<ac:structured-macro ac:name="info" ac:schema-version="1" ac:macro-id="info-2"><ac:parameter ac:name="title">Heads up</ac:parameter><ac:rich-text-body><p>Next release is planned for next month.</p></ac:rich-text-body></ac:structured-macro>',
		});
		const meetingNotes = store.createPage({
			spaceId: space.id,
			title: 'Meeting notes',
			authorId: demoId,
			body:
				`<h2>Weekly sync</h2><p>Attendees: ${mention(demoId)}, ${mention(alex.accountId)}</p>` +
				'<ac:task-list><ac:task><ac:task-id>1</ac:task-id><ac:task-status>incomplete</ac:task-status>' +
				`<ac:task-body>Send the agenda ${mention(alex.accountId)}</ac:task-body></ac:task></ac:task-list>`,
		});
		store.updateContent(gettingStarted.id, {
			title: 'Getting started',
			body: (gettingStarted.versions[0].body?.value ?? '') + '<p>Updated with more detail.</p>',
			message: 'Added detail',
			authorId: alex.accountId,
		});

		for (const [id, labels] of [
			[gettingStarted.id, ['getting-started', 'howto']],
			[projectPlan.id, ['planning']],
			[engineering.id, ['engineering']],
			[codeSamples.id, ['engineering', 'howto']],
			[releaseNotes.id, ['engineering', 'release']],
		] as Array<[string, string[]]>) {
			for (const label of labels) store.addLabel(id, label);
		}

		const blogPosts = [
			store.createBlogPost({
				spaceId: space.id,
				title: 'Welcome to the demo blog',
				authorId: demoId,
				body: '<p>This is the first blog post of the demo space.</p>',
			}),
			store.createBlogPost({
				spaceId: space.id,
				title: 'Release 1.0 is out',
				authorId: alex.accountId,
				body: '<p>Release 1.0 shipped. Read the <ac:link><ri:page ri:content-title="Release notes" /></ac:link>.</p>',
			}),
			store.createBlogPost({
				spaceId: space.id,
				title: 'How we plan',
				authorId: demoId,
				body: '<h2>Planning</h2><ol><li><p>Collect ideas</p></li><li><p>Pick the best</p></li></ol>',
			}),
		];
		store.addLabel(blogPosts[0].id, 'news');
		store.addLabel(blogPosts[1].id, 'news');
		store.addLabel(blogPosts[1].id, 'release');

		store.like(gettingStarted.id, demoId);
		store.like(gettingStarted.id, alex.accountId);
		store.like(projectPlan.id, alex.accountId);
		store.like(blogPosts[0].id, alex.accountId);

		const attachment = store.addAttachment({
			containerId: gettingStarted.id,
			fileName: 'hello.txt',
			mediaType: 'text/plain',
			data: 'Hello from the Confluence simulator.\n',
			comment: 'A small text file',
			authorId: demoId,
		});
		const footerComment = store.addComment({
			containerId: gettingStarted.id,
			location: 'footer',
			body: '<p>Great page, thanks!</p>',
			authorId: alex.accountId,
		});
		const inlineComment = store.addComment({
			containerId: gettingStarted.id,
			location: 'inline',
			body: '<p>Could we add an example here?</p>',
			authorId: alex.accountId,
			inline: { textSelection: 'how to use' },
		});
		const task = store.addTask({
			containerId: meetingNotes.id,
			body: `<p>Send the agenda ${mention(alex.accountId)}</p>`,
			createdBy: demoId,
			assignedTo: alex.accountId,
		});

		return {
			spaceId: space.id,
			spaceKey: 'DEMO' as const,
			homepageId,
			pages: {
				gettingStarted: gettingStarted.id,
				projectPlan: projectPlan.id,
				engineering: engineering.id,
				codeSamples: codeSamples.id,
				releaseNotes: releaseNotes.id,
				meetingNotes: meetingNotes.id,
			},
			blogPosts: blogPosts.map((b) => b.id),
			attachmentId: attachment.id,
			footerCommentId: footerComment.id,
			inlineCommentId: inlineComment.id,
			taskId: task.id,
			secondUser: { ...SECOND_USER },
		};
	});
}
