import { trainingThroughput } from '../workload.mjs';

const scope = globalThis as unknown as { onmessage: (e: MessageEvent<string>) => void; postMessage: (m: unknown) => void };
scope.onmessage = async ({ data: text }) => {
  try {
    scope.postMessage(await trainingThroughput(text));
  } catch (error) {
    scope.postMessage({ error: String(error) });
  }
};
