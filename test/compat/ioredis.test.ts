// ioredis 6 over RESP3, its default protocol (the tests are in ioredis-suite.ts).
import { defineIoredisTests } from './ioredis-suite';

defineIoredisTests(3);
