/* Audit log (v1): GET /audit (startDate, endDate, searchString, start, limit default 1000), GET /audit/since (number,
 * units), POST /audit (create a record), GET/PUT /audit/retention. Confluence administrators only (403 otherwise).
 * Records are written by the store on every write (store.recordAudit); newest first, as the audit log UI shows them. */
import type { SimContext } from '../context';
import {
	ApiError,
	bodyObject,
	errors,
	json,
	queryEnum,
	queryInteger,
	queryString,
	type SimRequest,
} from '../http';
import type { Router } from '../router';
import type { AuditRecord } from '../store';

const V1 = '/wiki/rest/api';

const UNITS = [
	'NANOS',
	'MICROS',
	'MILLIS',
	'SECONDS',
	'MINUTES',
	'HOURS',
	'HALF_DAYS',
	'DAYS',
	'WEEKS',
	'MONTHS',
	'YEARS',
	'DECADES',
	'CENTURIES',
] as const;
type Unit = (typeof UNITS)[number];

const RETENTION_UNITS = [...UNITS, 'MILLENNIA', 'ERAS', 'FOREVER'] as const;
type RetentionUnit = (typeof RETENTION_UNITS)[number];
const RETENTION_KEY = 'audit.retention';

/** The instant `number` units before `now` (calendar arithmetic for months and longer, like java.time). */
export function periodStart(now: Date, number: number, units: Unit): Date {
	const fixed: Partial<Record<Unit, number>> = {
		NANOS: 1e-6,
		MICROS: 1e-3,
		MILLIS: 1,
		SECONDS: 1000,
		MINUTES: 60_000,
		HOURS: 3_600_000,
		HALF_DAYS: 43_200_000,
		DAYS: 86_400_000,
		WEEKS: 604_800_000,
	};
	const ms = fixed[units];
	if (ms !== undefined) return new Date(now.getTime() - Math.floor(number * ms));
	const months =
		{ MONTHS: 1, YEARS: 12, DECADES: 120, CENTURIES: 1200 }[units as 'MONTHS'] * number;
	const date = new Date(now.getTime());
	date.setUTCMonth(date.getUTCMonth() - months);
	return date;
}

/**
 * `startDate`/`endDate`: the spec only says "timestamp". Epoch milliseconds (what `creationDate` uses) are the norm;
 * values below 10^11 are read as epoch seconds, and ISO dates (`2026-01-31`, `2026-01-31T10:00:00Z`) are accepted.
 */
export function parseTimestamp(value: string | undefined, name: string): number | undefined {
	if (value === undefined || value === '') return undefined;
	if (/^\d+$/.test(value)) {
		const n = Number(value);
		return n < 1e11 ? n * 1000 : n;
	}
	const parsed = Date.parse(value);
	if (Number.isNaN(parsed)) {
		throw errors.badRequest(`Invalid ${name}: '${value}' is not a timestamp.`);
	}
	return parsed;
}

function searchableText(record: AuditRecord): string {
	return [
		record.summary,
		record.description,
		record.category,
		record.remoteAddress,
		record.author.displayName,
		record.author.publicName,
		record.affectedObject.name,
		record.affectedObject.objectType,
		...record.changedValues.flatMap((c) => [c.name, c.oldValue, c.newValue]),
		...record.associatedObjects.flatMap((o) => [o.name, o.objectType]),
	]
		.join('\u0000')
		.toLowerCase();
}

export function register(router: Router, ctx: SimContext): void {
	const { store } = ctx;

	const requireAdmin = (req: SimRequest) => {
		if (!ctx.user(req).admin) {
			throw new ApiError(403, 'User does not have permission to view the audit log', {
				v1Message:
					'com.atlassian.confluence.api.service.exceptions.PermissionException: Could not read audit log, only Confluence administrators can view the audit log',
			});
		}
	};

	const list = (req: SimRequest, from: number | undefined, to: number | undefined) => {
		const search = (queryString(req.query, 'searchString') ?? '').trim().toLowerCase();
		const records = store.audit
			.filter(
				(r) =>
					(from === undefined || r.creationDate >= from) &&
					(to === undefined || r.creationDate <= to) &&
					(search === '' || searchableText(r).includes(search)),
			)
			.reverse();
		return ctx.paginateV1(req, records, { defaultLimit: 1000, maxLimit: 1000, map: (r) => r });
	};

	router.get(`${V1}/audit`, (req) => {
		requireAdmin(req);
		const from = parseTimestamp(queryString(req.query, 'startDate'), 'startDate');
		const to = parseTimestamp(queryString(req.query, 'endDate'), 'endDate');
		return list(req, from, to);
	});

	router.get(`${V1}/audit/since`, (req) => {
		requireAdmin(req);
		const number = queryInteger(req.query, 'number', { min: 0 }) ?? 3;
		const units = queryEnum(req.query, 'units', UNITS) ?? 'MONTHS';
		return list(req, periodStart(store.now(), number, units).getTime(), undefined);
	});

	router.post(`${V1}/audit`, (req) => {
		requireAdmin(req);
		const body = bodyObject(req);
		// The one required field of AuditRecordCreate.
		if (typeof body.remoteAddress !== 'string' || body.remoteAddress === '') {
			throw errors.badRequest('remoteAddress is required.');
		}
		const affected = (body.affectedObject ?? {}) as { name?: unknown; objectType?: unknown };
		const record = store.recordAudit(
			{
				summary: typeof body.summary === 'string' ? body.summary : '',
				description: typeof body.description === 'string' ? body.description : '',
				category: typeof body.category === 'string' ? body.category : '',
				affectedObject: {
					name: typeof affected.name === 'string' ? affected.name : '',
					objectType: typeof affected.objectType === 'string' ? affected.objectType : '',
				},
				changedValues: Array.isArray(body.changedValues)
					? (body.changedValues as AuditRecord['changedValues'])
					: [],
				associatedObjects: Array.isArray(body.associatedObjects)
					? (body.associatedObjects as AuditRecord['associatedObjects'])
					: [],
			},
			ctx.write(req),
		);
		if (!record) throw errors.badRequest('Auditing is disabled.');
		record.remoteAddress = body.remoteAddress;
		if (typeof body.creationDate === 'number') record.creationDate = body.creationDate;
		return json(record);
	});

	const retention = () =>
		(store.extensions.get(RETENTION_KEY) as
			| { number: number; units: RetentionUnit }
			| undefined) ?? {
			number: 20,
			units: 'YEARS' as RetentionUnit,
		};

	router.get(`${V1}/audit/retention`, (req) => {
		requireAdmin(req);
		return json(retention());
	});

	router.put(`${V1}/audit/retention`, (req) => {
		requireAdmin(req);
		const body = bodyObject(req);
		if (typeof body.number !== 'number' || !Number.isInteger(body.number) || body.number < 0) {
			throw errors.badRequest('number must be a non-negative integer.');
		}
		if (!(RETENTION_UNITS as readonly unknown[]).includes(body.units)) {
			throw errors.badRequest(`units must be one of ${RETENTION_UNITS.join(', ')}.`);
		}
		const value = { number: body.number, units: body.units as RetentionUnit };
		store.extensions.set(RETENTION_KEY, value);
		return json(value);
	});
}
