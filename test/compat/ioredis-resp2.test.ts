// ioredis 6 over RESP2 (protocol: 2; the tests are in ioredis-suite.ts).
import { defineIoredisTests } from './ioredis-suite';

defineIoredisTests(2);
