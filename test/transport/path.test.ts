/* issue 13 point 11, the class: a request path is only built by apiPath, which makes each value exactly one encoded
 * segment; ConfluenceRequest.path takes nothing else, so an unencoded value cannot reach a path (tsc refuses it). */
import { apiPath } from '../../nodes/Confluence/transport';

describe('apiPath', () => {
	it.each([
		['1/../../admin', '/pages/1%2F..%2F..%2Fadmin/labels'],
		['12?x=1#', '/pages/12%3Fx%3D1%23/labels'],
		['%2E%2E', '/pages/%252E%252E/labels'],
		['Ünïcode key', '/pages/%C3%9Cn%C3%AFcode%20key/labels'],
		[42, '/pages/42/labels'],
	])('makes %p one segment', (value, expected) => {
		expect(String(apiPath`/pages/${value}/labels`)).toBe(expected);
	});

	it('keeps a path built by apiPath as it is, so prefixes compose', () => {
		const owner = apiPath`/spaces/${'98/306'}`;
		expect(String(apiPath`${owner}/properties/${'a b'}`)).toBe('/spaces/98%2F306/properties/a%20b');
	});

	it('refuses a path written as text at compile time, and at run time encodes it as one segment', () => {
		// @ts-expect-error a value known to start with "/" is a path written as text
		expect(String(apiPath`${'/pages' as const}/1`)).toBe('%2Fpages/1');
		const widened: string = '/pages';
		expect(String(apiPath`${widened}/1`)).toBe('%2Fpages/1');
	});
});
