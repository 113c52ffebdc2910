export { testApiTokenCredential as confluenceApiTokenTest } from '../transport/auth/apiTokenTest';
export { testDataCenterCredential as confluenceDataCenterTest } from '../transport/auth/dataCenterTest';
