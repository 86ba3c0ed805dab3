/**
 * The worker's first code, evaluated from a string so that it cannot fail
 * to load: it registers ts-node when the entry is TypeScript (tests, ts-node
 * programs), runs the entry's `run(input)`, and always wakes the waiting
 * thread, with the result or the error.
 */
export const WORKER_BOOTSTRAP = `
const { workerData } = require('node:worker_threads');
const { signal, port, entry, tsNode, input } = workerData;
const done = (message) => {
  port.postMessage(message);
  Atomics.store(signal, 0, 1);
  Atomics.notify(signal, 0);
};
const failed = (e) => done({ error: { name: e && e.name, message: String(e && e.message || e), code: e && e.code } });
try {
  if (tsNode) require(tsNode).register({ transpileOnly: true, compilerOptions: { module: 'commonjs' } });
  Promise.resolve(require(entry).run(input)).then((result) => done({ result }), failed);
} catch (e) {
  failed(e);
}
`;
