/* Who can log in to the Data Center flavour: usernames with passwords (Basic) and personal access tokens (Bearer). */
import type { Store, UserRecord } from '../store';

export const DATA_CENTER_DEMO = {
	username: 'demo',
	password: 'demo-password',
	personalAccessToken: 'demo-personal-access-token',
	version: '9.2.3',
	buildNumber: 9203,
} as const;

export const DEFAULT_CONTEXT_PATH = '/confluence';

export class DataCenterLogins {
	private readonly passwords = new Map<string, { password: string; accountId: string }>();
	private readonly tokens = new Map<string, string>();
	private readonly usernames = new Map<string, string>();

	clear(): void {
		this.passwords.clear();
		this.tokens.clear();
		this.usernames.clear();
	}

	addLogin(user: UserRecord, username: string, password?: string): void {
		this.usernames.set(user.accountId, username);
		if (password !== undefined)
			this.passwords.set(username, { password, accountId: user.accountId });
	}

	/** Issues a personal access token for the user; `revokeToken` takes it back. */
	issueToken(user: UserRecord, token: string): string {
		this.tokens.set(token, user.accountId);
		return token;
	}

	revokeToken(token: string): void {
		this.tokens.delete(token);
	}

	byPassword(store: Store, username: string, password: string): UserRecord | undefined {
		const login = this.passwords.get(username);
		if (!login || login.password !== password) return undefined;
		return store.getUser(login.accountId);
	}

	byToken(store: Store, token: string): UserRecord | undefined {
		const accountId = this.tokens.get(token);
		return accountId ? store.getUser(accountId) : undefined;
	}

	usernameOf(accountId: string): string | undefined {
		return this.usernames.get(accountId);
	}
}
