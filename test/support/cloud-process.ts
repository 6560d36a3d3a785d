/**
 * The local cloud in a process of its own, for tests that kill it (`kill -9` of its process group) and
 * start it again on the same data. Options come as JSON in CLOUD_OPTIONS; it prints `READY` once the
 * API answers and stops cleanly on SIGTERM, as `npm start` does.
 */
import '../../infra/local/quiet-sdk-warning';
import { startLocalCloud, type LocalCloudOptions } from '../../infra/local/cloud';

const options = JSON.parse(process.env.CLOUD_OPTIONS ?? '{}') as LocalCloudOptions;
// Not quiet: its log goes to <dataDir>/cloud.log (see process-cloud.ts).
const cloud = await startLocalCloud({ quiet: false, prewarm: false, retryIntervalScale: 0, ...options });
process.stdout.write('READY\n');
process.on('SIGTERM', () => void cloud.stop().then(() => process.exit(0)));
