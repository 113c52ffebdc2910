export { testApiTokenCredential as confluenceApiTokenTest } from '../transport/auth/apiTokenTest';
