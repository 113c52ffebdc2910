/* eslint-disable @n8n/community-nodes/no-restricted-imports */
import { readFileSync } from 'fs';
import { join } from 'path';

import { repoRoot } from '../helpers/paths';
import { operationsMarkdown } from './operationsTable';

describe('README', () => {
	const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');

	it('lists every resource and operation the node offers, as generated from the node (npm run docs:operations)', () => {
		const start = readme.indexOf('<!-- operations:start -->');
		const end = readme.indexOf('<!-- operations:end -->');
		expect(start).toBeGreaterThan(-1);
		expect(readme.slice(start + '<!-- operations:start -->'.length, end).trim()).toBe(
			operationsMarkdown(),
		);
	});

	it('gives a newcomer the two commands', () => {
		expect(readme).toContain('npm run demo');
		expect(readme).toContain('npm test');
	});
});
