import { createHash, createHmac, randomBytes, timingSafeEqual } from 'crypto';
import type { IDataObject } from 'n8n-workflow';

/**
 * Confluence Data Center's webhook events (Confluence 7.7 and later), as its administration guide lists them
 * (https://confluence.atlassian.com/doc/managing-webhooks-1021225606.html).
 */
export const WEBHOOK_EVENTS = [
	'attachment_created',
	'attachment_removed',
	'attachment_restored',
	'attachment_trashed',
	'attachment_updated',
	'blog_created',
	'blog_removed',
	'blog_restored',
	'blog_trashed',
	'blog_updated',
	'blueprint_page_created',
	'comment_created',
	'comment_removed',
	'comment_updated',
	'content_created',
	'content_permissions_updated',
	'content_restored',
	'content_trashed',
	'content_updated',
	'group_created',
	'group_removed',
	'label_added',
	'label_created',
	'label_deleted',
	'label_removed',
	'page_children_reordered',
	'page_created',
	'page_moved',
	'page_removed',
	'page_restored',
	'page_trashed',
	'page_updated',
	'space_created',
	'space_logo_updated',
	'space_permissions_updated',
	'space_removed',
	'space_updated',
	'theme_enabled',
	'user_created',
	'user_deactivated',
	'user_followed',
	'user_reactivated',
	'user_removed',
] as const;

/** `page_created` → `Page Created`. */
export function eventDisplayName(event: string): string {
	return event
		.split('_')
		.map((word) => word.charAt(0).toUpperCase() + word.slice(1))
		.join(' ');
}

/** A secret for a new webhook: 32 random bytes as hex (Confluence accepts up to 255 characters). */
export function newSecret(): string {
	return randomBytes(32).toString('hex');
}

export type SignatureCheck = 'valid' | 'missing' | 'invalid';

/**
 * Confluence signs the raw body with HMAC-SHA256 keyed by the webhook's secret and sends it in `X-Hub-Signature`
 * (https://confluence.atlassian.com/doc/managing-webhooks-1021225606.html). Atlassian's webhooks plugin writes it as
 * `sha256=<hex>` (Bitbucket Data Center's payload documentation); Confluence's own pages show no example, so the bare hex
 * is accepted too (REALITY.md dc-webhook-signature). The comparison takes the same time whatever the header holds.
 */
export function checkSignature(
	rawBody: Buffer,
	header: string | string[] | undefined,
	secret: string,
): SignatureCheck {
	const value = (Array.isArray(header) ? header[0] : header)?.trim();
	if (!value) return 'missing';
	const hex = value.replace(/^sha256=/i, '').toLowerCase();
	const expected = createHmac('sha256', secret).update(rawBody).digest();
	const given = Buffer.from(/^[0-9a-f]{64}$/.test(hex) ? hex : '', 'hex');
	const padded = Buffer.alloc(expected.length);
	given.copy(padded);
	const same = timingSafeEqual(padded, expected);
	return same && given.length === expected.length ? 'valid' : 'invalid';
}

/**
 * A delivery's identity. Confluence Data Center sends no delivery id that is documented to survive a retry, and a retry
 * carries the same body (the event's timestamp, name, user and subject), so the body's digest names the event.
 */
export function deliveryKey(rawBody: Buffer): string {
	return createHash('sha256').update(rawBody).digest('hex').slice(0, 32);
}

/** Recently emitted deliveries kept in the static data: enough to cover any retry window, bounded in size. */
export const RECENT_DELIVERIES = 500;

export function remember(recent: string[], key: string): string[] {
	const next = [...recent.filter((known) => known !== key), key];
	return next.length > RECENT_DELIVERIES ? next.slice(next.length - RECENT_DELIVERIES) : next;
}

const SUBJECTS: Array<[key: string, contentType: string]> = [
	['page', 'page'],
	['blog', 'blogpost'],
	['comment', 'comment'],
	['attachment', 'attachment'],
];

/**
 * One item per delivery: the payload as Confluence sent it (`event`, `timestamp` in ms, `userKey`, and the subject under
 * `page`, `blog`, `comment`, `attachment`...; PipedreamHQ/pipedream components/confluence_data_center), plus the time
 * as ISO 8601 and, for content events, the content's type and ID as the node's operations take them.
 */
export function eventItem(body: IDataObject): IDataObject {
	const item: IDataObject = { ...body };
	const timestamp = Number(body.timestamp);
	if (Number.isFinite(timestamp)) item.occurredAt = new Date(timestamp).toISOString();
	for (const [key, contentType] of SUBJECTS) {
		const subject = body[key] as IDataObject | undefined;
		if (subject && typeof subject === 'object' && subject.id !== undefined) {
			item.contentType = contentType;
			item.contentId = String(subject.id);
			break;
		}
	}
	return item;
}
