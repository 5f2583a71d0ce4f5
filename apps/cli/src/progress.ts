import { SingleBar } from 'cli-progress';
import type { Progress } from '@recurrent/topologies';

/**
 * Training progress on the terminal: a live bar on a TTY (loss, bits per char, chars/s),
 * plain lines otherwise (logs, CI, tests), nothing in --json mode.
 */
export class ProgressDisplay {
  private bar: SingleBar | undefined;
  private lastLine = 0;

  constructor(private readonly mode: 'tty' | 'lines' | 'silent', private readonly totalSteps: number, private readonly firstStep = 0) {}

  static for(json: boolean, totalSteps: number, firstStep = 0): ProgressDisplay {
    return new ProgressDisplay(json ? 'silent' : process.stderr.isTTY ? 'tty' : 'lines', totalSteps, firstStep);
  }

  update(p: Progress): void {
    const fields = {
      loss: p.loss.toFixed(3),
      bpc: (p.loss / Math.LN2).toFixed(2),
      speed: Math.round(p.tokensPerSecond).toLocaleString('en-US'),
      validation: p.validationLoss === undefined ? '' : ` · validation ${(p.validationLoss / Math.LN2).toFixed(2)} bits/char`,
    };
    if (this.mode === 'tty') {
      if (!this.bar) {
        this.bar = new SingleBar({
          format: 'step {value}/{total} {bar} loss {loss} · {bpc} bits/char · {speed} chars/s{validation}',
          barsize: 24, hideCursor: true, clearOnComplete: false,
        });
        this.bar.start(p.totalSteps, this.firstStep, fields);
      }
      this.bar.update(p.step, fields);
    } else if (this.mode === 'lines') {
      const every = Math.max(1, Math.round((this.totalSteps - this.firstStep) / 10));
      if (p.step - this.lastLine >= every || p.step === p.totalSteps || p.validationLoss !== undefined) {
        this.lastLine = p.step;
        process.stderr.write(`step ${p.step}/${p.totalSteps}  loss ${fields.loss} · ${fields.bpc} bits/char · ${fields.speed} chars/s${fields.validation}\n`);
      }
    }
  }

  stop(): void {
    this.bar?.stop();
  }
}
