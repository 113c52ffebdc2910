/* The simulator's variants: every behaviour where public sources disagree or say nothing gets one entry here, with the
 * values a real site could plausibly show and the one the simulator serves by default. Tests pick values with
 * `startSimulator({ variants })` or `sim.setVariants()`; the fault suite draws them from its seed (`drawVariants`), and
 * the node has to pass under every combination. The rows of REALITY.md name these keys in their variants column.
 * To add a variant: one entry in VARIANTS; the types and the draw follow. */

interface VariantEntry<Value> {
	readonly values: readonly Value[];
	readonly default: Value;
	/** What the choice means, and why it is open (the REALITY.md row carries the sources). */
	readonly about: string;
}

function variant<const Value>(entry: VariantEntry<Value>): VariantEntry<Value> {
	return entry;
}

export const VARIANTS = {
	limitOverflow: variant({
		values: ['reject', 'clamp'],
		default: 'reject',
		about: 'v2 `limit` above the operation maximum: 400, or served clamped to the maximum.',
	}),
	oversizeStatus: variant({
		values: [404, 413],
		default: 404,
		about:
			"Upload above the site's attachment limit: the v1 spec's 404, or 413 from a proxy in front of Confluence.",
	}),
	v2ArrayQuery: variant({
		values: ['repeated', 'repeated-or-comma'],
		default: 'repeated',
		about:
			'How v2 reads an array query parameter (status, id, space-id...): only the repeated form the OpenAPI default style ' +
			'(form, explode) gives, where `a,b` is one value; or the repeated form and comma lists alike.',
	}),
	searchPermissionFilter: variant({
		values: ['before-paging', 'after-paging'],
		default: 'after-paging',
		about:
			'CQL search drops results the caller may not see after cutting the page, so a page can be short or empty while ' +
			'`_links.next` is present; or before (full pages).',
	}),
	expiredApiToken: variant({
		values: ['403-cannot-access', '403-not-permitted', '404-v2', '401'],
		default: '403-cannot-access',
		about:
			'An expired or revoked API token: 403 "caller cannot access Confluence", 403 "Current user not permitted to ' +
			'use Confluence", v2 404 (v1 403), or a plain 401.',
	}),
	multipartFilenameStar: variant({
		values: ['decoded', 'ignored', 'verbatim'],
		default: 'decoded',
		about:
			'A multipart `filename*` (RFC 8187) next to `filename`: decoded and preferred, ignored (RFC 7578 forbids it; ' +
			"older Jersey), or taken verbatim as `UTF-8''…` (Jersey without a language tag).",
	}),
	draftWithoutGetDraft: variant({
		values: ['hidden', 'served'],
		default: 'hidden',
		about:
			'GET /pages/{id} on a never-published draft without `get-draft`/`status=draft`: 404, or the draft is served.',
	}),
	publishedDraftCreatedAt: variant({
		values: ['draft-created', 'published'],
		default: 'draft-created',
		about:
			'`createdAt` of a page published from an old draft: when the draft was created, or when it was published.',
	}),
	expiredTokenStatus: variant({
		values: ['unauthorized', 'byFamily'],
		default: 'unauthorized',
		about:
			'How the gateway answers a bearer token past its expiry (REALITY.md `expired-token-status`): 401, or 404 on v2 ' +
			'paths and 403 on v1 paths.',
	}),
	expiredTokenBody: variant({
		values: ['gateway', 'confluence'],
		default: 'gateway',
		about:
			"The body of such a 403/404 (REALITY.md `expired-token-body`): the gateway's `{code, message}`, or Confluence's " +
			'own envelope (v2 `errors[]`, v1 `{statusCode, message}`).',
	}),
	quotaHeaders: variant({
		values: ['documented', 'beta'],
		default: 'documented',
		about:
			'The headers of a quota 429 (REALITY.md `quota-rate-limit-headers`): the documented Retry-After, ' +
			'RateLimit-Reason, RateLimit and RateLimit-Policy, or the `Beta-RateLimit`/`X-Beta-RateLimit-*` names without ' +
			'Retry-After.',
	}),
	classicTokenOnGateway: variant({
		values: ['unauthorized', 'accepted'],
		default: 'unauthorized',
		about:
			'A classic (unscoped) API token sent through the gateway (REALITY.md `classic-token-on-gateway`): refused with ' +
			'401, or accepted.',
	}),
	dataCenterSearchNext: variant({
		values: ['cursor', 'start-limit', 'absent'],
		default: 'cursor',
		about:
			"Data Center's CQL search envelope: `_links.next` with a cursor as Cloud's v1 search, a `start`/`limit` link as " +
			'its other lists, or no `next` at all (paged by moving `start` while pages are full).',
	}),
	dcWebhookSignature: variant({
		values: ['sha256-prefixed', 'bare-hex'],
		default: 'sha256-prefixed',
		about:
			"Data Center's `X-Hub-Signature` header (REALITY.md `dc-webhook-signature`): `sha256=<hex>` as Atlassian's " +
			'webhooks plugin writes it for Bitbucket Data Center, or the bare hex HMAC (Confluence documents only the header ' +
			'and the algorithm).',
	}),
	dcWebhookRetry: variant({
		values: ['none', 'retry'],
		default: 'retry',
		about:
			'A failed or timed-out Data Center webhook delivery (REALITY.md `dc-webhook-retry`): dropped, or sent again with ' +
			'the same body and signature (Atlassian documents no retry policy for Confluence Data Center).',
	}),
	dcAttachmentDelete: variant({
		values: ['trash', 'purge'],
		default: 'trash',
		about:
			'`DELETE /rest/api/content/{id}` on a Data Center attachment (REALITY.md `dc-attachment-delete`): moved to the ' +
			"space's trash (then purged with `status=trashed`, as pages), or deleted for good at once (Atlassian says only " +
			'that content is trashed or purged "based on its ContentType").',
	}),
} as const;

export type VariantName = keyof typeof VARIANTS;

export type SimVariants = {
	-readonly [Name in VariantName]: (typeof VARIANTS)[Name]['values'][number];
};

export function defaultVariants(): SimVariants {
	const chosen = {} as Record<string, unknown>;
	for (const [name, entry] of Object.entries(VARIANTS)) chosen[name] = entry.default;
	return chosen as SimVariants;
}

/** One value per variant, drawn with the given random source (the fault suite passes its seeded PRNG). */
export function drawVariants(random: () => number): SimVariants {
	const chosen = {} as Record<string, unknown>;
	for (const [name, entry] of Object.entries(VARIANTS)) {
		chosen[name] = entry.values[Math.floor(random() * entry.values.length)];
	}
	return chosen as SimVariants;
}

/** Refuses names and values the registry does not list, so a typo in a test cannot silently test the default. */
export function checkVariants(variants: Partial<SimVariants>): void {
	for (const [name, value] of Object.entries(variants)) {
		const entry = (VARIANTS as Record<string, VariantEntry<unknown>>)[name];
		if (!entry) throw new Error(`Unknown simulator variant "${name}"`);
		if (!entry.values.includes(value)) {
			throw new Error(
				`Variant ${name} has no value ${JSON.stringify(value)} (values: ${entry.values.join(', ')})`,
			);
		}
	}
}
