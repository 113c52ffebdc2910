/* eslint-disable @n8n/community-nodes/no-restricted-globals */
// n8n-core logs every failed node run (tests fail nodes on purpose); the assertions read the errors themselves.
process.env.N8N_LOG_LEVEL ??= 'silent';
