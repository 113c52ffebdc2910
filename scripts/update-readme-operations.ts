/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals */
import { readFileSync, writeFileSync } from 'fs';
import { join } from 'path';

import { operationsMarkdown } from '../test/docs/operationsTable';

const path = join(__dirname, '..', 'README.md');
const readme = readFileSync(path, 'utf8');
const start = '<!-- operations:start -->';
const end = '<!-- operations:end -->';
const before = readme.slice(0, readme.indexOf(start) + start.length);
const after = readme.slice(readme.indexOf(end));
writeFileSync(path, `${before}\n${operationsMarkdown()}\n${after}`);
process.stdout.write('README operations section updated\n');
