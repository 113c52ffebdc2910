/* eslint-disable @n8n/community-nodes/no-restricted-imports */
import { readFileSync } from 'fs';
import { join } from 'path';

import { repoRoot } from '../helpers/paths';
import { dataCenterMarkdown } from './dataCenterTable';

describe('README on Data Center', () => {
	it('shows which operation works where, as the capability map says', () => {
		const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
		const start = readme.indexOf('<!-- datacenter:start -->');
		const end = readme.indexOf('<!-- datacenter:end -->');
		expect(start).toBeGreaterThan(-1);
		expect(readme.slice(start + '<!-- datacenter:start -->'.length, end).trim()).toBe(
			dataCenterMarkdown(),
		);
	});
});
