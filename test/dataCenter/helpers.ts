/* The Data Center flavour of the simulator for a describe block, and the node run with the Data Center credential. */
import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';

import { fastRetries } from '../helpers/fixtures';
import { runNode, type RunOptions, type RunResult } from '../helpers/n8n';
import { startSimulator, type RecordedRequest, type Simulator } from '../simulator';

/** One Data Center simulator for the enclosing block, reset to `seed` before each test. */
export function useDataCenterSimulator(seed: 'demo' | 'empty' = 'demo'): Simulator {
	let current: Simulator | undefined;
	const active = (): Simulator => {
		if (!current) throw new Error('the simulator exists only while a test runs');
		return current;
	};
	beforeAll(async () => {
		fastRetries();
		current = await startSimulator({ seed, flavor: 'datacenter' });
	});
	afterAll(async () => {
		await current?.close();
		current = undefined;
	});
	beforeEach(() => active().reset(seed));
	afterEach(() => expect(active().serverErrors).toEqual([]));
	return new Proxy({} as Simulator, {
		get: (_target, key) => Reflect.get(active(), key),
		set: (_target, key, value) => Reflect.set(active(), key, value),
	});
}

export function dataCenterCredential(
	sim: Simulator,
	fields: Partial<ICredentialDataDecryptedObject> = {},
): ICredentialDataDecryptedObject {
	const dc = sim.dataCenter!;
	return {
		baseUrl: dc.url,
		authType: 'pat',
		personalAccessToken: dc.demo.personalAccessToken,
		ignoreSSLIssues: false,
		...fields,
	};
}

export async function runDataCenter(
	sim: Simulator,
	parameters: IDataObject,
	options: Partial<Omit<RunOptions, 'parameters'>> = {},
	credential: Partial<ICredentialDataDecryptedObject> = {},
): Promise<RunResult> {
	return await runNode({
		auth: 'dataCenter',
		credentials: { confluenceDataCenterApi: dataCenterCredential(sim, credential) },
		...options,
		parameters,
	});
}

/** Requests the node sent to the Data Center REST API, optionally of one method and path. */
export function dataCenterRequests(
	sim: Simulator,
	method?: string,
	path?: RegExp,
): RecordedRequest[] {
	const prefix = `${sim.dataCenter!.contextPath}/rest/api/`;
	return sim.requests.filter(
		(request) =>
			request.path.startsWith(prefix) &&
			(!method || request.method === method) &&
			(!path || path.test(request.path)),
	);
}
