import { AUTH_KINDS, resourceRunner, useTestBed } from '../../helpers/fixtures';
import { apiRequests, byId, byKey, expectCleanExchange, ok } from '../page/helpers';

describe('spaceProperty', () => {
	const bed = useTestBed('demo');
	const runSpaceProperty = resourceRunner(bed, 'spaceProperty');

	function spaceProperties() {
		return bed.sim.store.propertiesOf('space', bed.sim.demo!.spaceId);
	}

	function seedProperty(key: string, value: unknown) {
		return bed.sim.store.createProperty('space', bed.sim.demo!.spaceId, key, value);
	}

	describe.each(AUTH_KINDS)('with %s', (auth) => {
		it('create → get by key → update → delete, each visible in the simulator', async () => {
			const created = ok(
				await runSpaceProperty(
					{
						operation: 'create',
						space: byKey('DEMO'),
						key: 'release-status',
						value: '{"stage": "beta", "owners": ["ada"]}',
					},
					auth,
				),
			)[0];
			expect(created).toEqual(
				expect.objectContaining({
					key: 'release-status',
					value: { stage: 'beta', owners: ['ada'] },
				}),
			);
			expect(spaceProperties().map((property) => [property.key, property.value])).toEqual([
				['release-status', { stage: 'beta', owners: ['ada'] }],
			]);

			const fetched = ok(
				await runSpaceProperty(
					{
						operation: 'get',
						space: byKey('DEMO'),
						property: { __rl: true, mode: 'key', value: 'release-status' },
					},
					auth,
				),
			)[0];
			expect(fetched.id).toBe(created.id);

			const updated = ok(
				await runSpaceProperty(
					{
						operation: 'update',
						space: byKey('DEMO'),
						property: { __rl: true, mode: 'key', value: 'release-status' },
						value: '{"stage": "ga"}',
						options: { versionMessage: 'Shipped' },
					},
					auth,
				),
			)[0];
			expect(updated.value).toEqual({ stage: 'ga' });
			const [record] = spaceProperties();
			expect(record.value).toEqual({ stage: 'ga' });
			expect(record.version.number).toBe(2);
			expect(record.version.message).toBe('Shipped');
			const [put] = apiRequests(bed.sim, 'PUT', /\/properties\/\d+$/);
			expect(put.body).toEqual({
				key: 'release-status',
				value: { stage: 'ga' },
				version: { number: 2, message: 'Shipped' },
			});

			const deleted = ok(
				await runSpaceProperty(
					{
						operation: 'delete',
						space: byKey('DEMO'),
						property: { __rl: true, mode: 'key', value: 'release-status' },
					},
					auth,
				),
			)[0];
			expect(deleted).toEqual({
				spaceId: bed.sim.demo!.spaceId,
				id: created.id,
				key: 'release-status',
				deleted: true,
			});
			expect(spaceProperties()).toHaveLength(0);
			expectCleanExchange(bed.sim);
		});
	});

	it('getMany pages through more than 250 properties with Return All, and honours the limit', async () => {
		bed.sim.store.silently(() => {
			for (let n = 0; n < 260; n++) seedProperty(`key-${n}`, n);
		});
		const all = ok(
			await runSpaceProperty({
				operation: 'getMany',
				space: byId(bed.sim.demo!.spaceId),
				returnAll: true,
			}),
		);
		expect(all).toHaveLength(260);
		expect(new Set(all.map((property) => property.key)).size).toBe(260);
		const few = ok(
			await runSpaceProperty({
				operation: 'getMany',
				space: byId(bed.sim.demo!.spaceId),
				limit: 3,
			}),
		);
		expect(few).toHaveLength(3);
		expectCleanExchange(bed.sim);
	});

	it('getMany of a space without properties returns no items', async () => {
		const result = await runSpaceProperty({
			operation: 'getMany',
			space: byKey('DEMO'),
			returnAll: true,
		});
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(0);
	});

	it('gets and deletes by property ID without looking the key up', async () => {
		const record = seedProperty('by-id', { a: 1 });
		const fetched = ok(
			await runSpaceProperty({
				operation: 'get',
				space: byId(bed.sim.demo!.spaceId),
				property: { __rl: true, mode: 'id', value: record.id },
			}),
		)[0];
		expect(fetched).toEqual(
			expect.objectContaining({ id: record.id, key: 'by-id', value: { a: 1 } }),
		);
		ok(
			await runSpaceProperty({
				operation: 'delete',
				space: byId(bed.sim.demo!.spaceId),
				property: { __rl: true, mode: 'id', value: record.id },
			}),
		);
		expect(bed.sim.store.properties.has(record.id)).toBe(false);
		expect(apiRequests(bed.sim, 'GET', /\/properties$/)).toHaveLength(0);
	});

	it('names the parameter when the value is not JSON, and sends nothing', async () => {
		const result = await runSpaceProperty({
			operation: 'create',
			space: byId(bed.sim.demo!.spaceId),
			key: 'broken',
			value: '{stage: beta}',
		});
		expect(result.error?.message).toContain('The parameter "Value" is not valid JSON');
		expect(apiRequests(bed.sim)).toHaveLength(0);
	});

	it('accepts a value that an expression already made an object, array or number', async () => {
		ok(
			await bed.run({
				items: [{ data: { nested: [1, 2] } }],
				parameters: {
					resource: 'spaceProperty',
					operation: 'create',
					space: byId(bed.sim.demo!.spaceId),
					key: 'from-expression',
					value: '={{ $json.data }}',
				},
			}),
		);
		expect(spaceProperties()[0].value).toEqual({ nested: [1, 2] });
	});

	it('explains a key that does not exist on the space', async () => {
		const result = await runSpaceProperty({
			operation: 'update',
			space: byKey('DEMO'),
			property: { __rl: true, mode: 'key', value: 'missing' },
			value: '1',
		});
		expect(result.error?.message).toBe(
			`The parameter "Property" names the key "missing", which the space ${bed.sim.demo!.spaceId} does not have`,
		);
		expect(apiRequests(bed.sim, 'PUT')).toHaveLength(0);
	});

	it('answers an unknown property ID with the not-found message', async () => {
		const result = await runSpaceProperty({
			operation: 'get',
			space: byId(bed.sim.demo!.spaceId),
			property: { __rl: true, mode: 'id', value: '987654321' },
		});
		expect(result.error?.message).toContain('Confluence found nothing at this ID');
	});

	it("reports Confluence's error when the key already exists", async () => {
		seedProperty('taken', 1);
		const result = await runSpaceProperty({
			operation: 'create',
			space: byKey('DEMO'),
			key: 'taken',
			value: '2',
		});
		expect(result.error?.message).toMatch(/400/);
		expect(spaceProperties()[0].value).toBe(1);
	});

	describe('update racing another writer (409)', () => {
		async function raceUpdate(options: Record<string, unknown>) {
			const record = seedProperty('race', 'original');
			// Someone saves between our read and our write.
			bed.sim.faults.inject({
				kind: 'beforeApply',
				method: 'PUT',
				path: /\/properties\/\d+$/,
				run: () => bed.sim.store.updateProperty(record.id, { value: 'theirs' }),
			});
			const running = runSpaceProperty({
				operation: 'update',
				space: byKey('DEMO'),
				property: { __rl: true, mode: 'key', value: 'race' },
				value: '"mine"',
				options,
			});
			return { record, result: await running };
		}

		it('fails without overwriting when Overwrite on Conflict is off', async () => {
			const { record, result } = await raceUpdate({});
			expect(result.error?.message).toContain('changed while it was being updated');
			expect(result.error?.description).toContain('Overwrite on Conflict');
			expect(bed.sim.store.properties.get(record.id)?.value).toBe('theirs');
		});

		it('re-reads and writes over the newer version when Overwrite on Conflict is on', async () => {
			const { record, result } = await raceUpdate({ overwrite: true });
			const [updated] = ok(result);
			expect(updated.value).toBe('mine');
			const stored = bed.sim.store.properties.get(record.id)!;
			expect(stored.value).toBe('mine');
			expect(stored.version.number).toBe(3);
			expect(
				apiRequests(bed.sim, 'PUT').map(
					(request) => (request.body as { version: { number: number } }).version.number,
				),
			).toEqual([2, 3]);
		});
	});
});
