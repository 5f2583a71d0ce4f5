/** Types of workload.mjs (plain ESM so Node runs it as is). */
export interface Throughput {
  backend: string;
  charsPerSecond: number;
  medianMs: number;
  steps: number;
  firstLoss: number;
  lastLoss: number;
}
export function trainingThroughput(text: string, options?: { hiddenSize?: number; seqLength?: number; batchSize?: number; warmup?: number; timed?: number }): Promise<Throughput>;
