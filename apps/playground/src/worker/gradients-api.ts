/** What the gradient lab's worker answers (types only). */
export interface LabSettings {
  cell: 'rnn' | 'lstm' | 'gru';
  /** The vanilla RNN's nonlinearity (an LSTM and a GRU have their own gates). */
  activation: 'tanh' | 'relu';
  /** W_hh starts as a random orthogonal matrix times this: the gain of the recurrent path. */
  scale: number;
  /** Added to the LSTM's forget-gate bias at the start. */
  forgetBias: number;
  /** Clip the global gradient norm to this; 0: no clipping. */
  clip: number;
  /** Time steps T: the answer is the first symbol, the loss sits at the last. */
  steps: number;
  optimizer: 'sgd' | 'adam';
  lr: number;
  /** Training steps to run. */
  trainSteps: number;
  seed: number;
}

export interface FlowPoint {
  step: number;
  /** Loss of this step's batch (before the update), nats. */
  loss: number;
  /** Global gradient norm before clipping. */
  gradNorm: number;
  /** ‖dL/dh_t‖ for t = 0 … T−1, on this step's batch. */
  norms: number[];
}

export interface LabOutcome {
  stoppedBy: 'steps' | 'cancelled' | 'diverged';
  step: number;
  message?: string;
  /** Share of the held-out batch whose first symbol is recalled. */
  accuracy: number;
}

export interface LabApi {
  [method: string]: (params: never) => unknown;
  run(params: LabSettings): Promise<LabOutcome>;
  stop(params: Record<string, never>): Promise<void>;
}

export interface LabEvents {
  [event: string]: unknown;
  flow: FlowPoint;
}
