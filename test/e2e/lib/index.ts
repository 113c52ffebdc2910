export * from './install';
export * from './output';
export * from './userFolder';
export * from './cli';
export * from './server';
export * from './workflows';
export * from './probePackages';
export * from './queue';
