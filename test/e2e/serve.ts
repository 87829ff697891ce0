// The e2e server as its own process: global-setup.ts starts it with tsx, reads the first line it
// prints ({"url": ...}) and kills it after the run. Kept out of Vitest's main process because PGlite
// runs synchronously on the thread it lives in: there, one long or stuck query stalled the whole
// test runner (reporters, worker RPC, timeouts) instead of failing a test.
import { launchServer } from './browser.ts';

const server = await launchServer();
process.stdout.write(`${JSON.stringify({ url: server.url })}\n`);
const stop = () => {
  server.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
