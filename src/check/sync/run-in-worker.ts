import { extname } from 'node:path';
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import { WORKER_BOOTSTRAP } from './bootstrap';
import { SyncBridgeError } from '../errors';

/**
 * Runs `run(input)` of the module `entry` in a worker thread and blocks this
 * thread until it answers: cdk8s synthesizes synchronously, the registry
 * client is asynchronous. `input` and the result must be structured-cloneable.
 */
export function runInWorker<I, O>(entry: string, input: I, deadlineMs: number): O {
  const signal = new Int32Array(new SharedArrayBuffer(4));
  const { port1, port2 } = new MessageChannel();
  const tsNode = extname(entry) === '.ts' ? require.resolve('ts-node') : undefined;
  const worker = new Worker(WORKER_BOOTSTRAP, {
    eval: true,
    workerData: { signal, port: port2, entry, tsNode, input },
    transferList: [port2],
  });
  try {
    if (Atomics.wait(signal, 0, 0, deadlineMs) === 'timed-out') {
      throw new SyncBridgeError(`registry lookups did not finish within ${Math.round(deadlineMs / 1000)} s; check the registry, or set FLUX_OCI_RESOLVE=off to synthesize without checks`);
    }
    const message = receiveMessageOnPort(port1)?.message as { result?: O; error?: { name?: string; message: string; code?: string } } | undefined;
    if (!message) throw new SyncBridgeError('the registry lookup worker stopped without an answer');
    if (message.error) throw new SyncBridgeError(`the registry lookup worker failed: ${message.error.name ?? 'Error'}: ${message.error.message}`);
    return message.result as O;
  } finally {
    port1.close();
    void worker.terminate();
  }
}
