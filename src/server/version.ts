// The Redis version Ferrous reports (HELLO, INFO): clients enable features by it.
export const REDIS_VERSION = '7.4.0';
