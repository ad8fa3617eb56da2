// Starts a TypeScript module on a worker thread: workers do not inherit tsx's loader, so register it here first.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.module);
