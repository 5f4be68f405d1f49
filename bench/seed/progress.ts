// Progress output of the seeder: on a terminal one line per step that rewrites itself (count, rate, ETA, a bar); otherwise
// (a log file, CI) plain lines at every 10 % and when the step ends.

export interface StepProgress {
  /** `n` more items done. */
  add(n: number): void;
  /** The step finished; prints its summary line. */
  done(summary?: string): void;
}

export interface Progress {
  step(name: string, total: number, unit?: string): StepProgress;
  /** A line of its own (between steps). */
  info(line: string): void;
}

const number = (n: number) => n.toLocaleString('en-US');
/** Width of the bar drawn after the counts on a terminal. */
const barWidth = 24;

function duration(ms: number): string {
  if (!Number.isFinite(ms)) return '?';
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
}

/** Writes to `stream` (default stderr, so that stdout stays for the summary); rewrites lines when it is a TTY. */
export function terminalProgress(stream: NodeJS.WriteStream = process.stderr): Progress {
  const tty = stream.isTTY === true;
  return {
    info: (line) => void stream.write(`${line}\n`),
    step(name, total, unit = 'rows') {
      const started = performance.now();
      let count = 0;
      let lastDraw = started;
      let lastDecile = 0;
      const line = () => {
        const elapsed = performance.now() - started;
        const rate = count / (elapsed / 1000);
        const eta = count > 0 ? ((total - count) / count) * elapsed : Infinity;
        const pct = total > 0 ? Math.floor((count / total) * 100) : 100;
        const text = `[${name}] ${number(count)}/${number(total)} ${unit} (${pct}%) ${number(Math.round(rate || 0))}/s ETA ${duration(eta)}`;
        if (!tty) return text;
        const filled = Math.min(barWidth, Math.floor((Math.min(pct, 100) / 100) * barWidth));
        return `${text} ${'#'.repeat(filled)}${'.'.repeat(barWidth - filled)}`;
      };
      return {
        add(n) {
          count += n;
          const now = performance.now();
          if (tty) {
            if (now - lastDraw >= 100) {
              lastDraw = now;
              stream.write(`\r\x1b[K${line()}`);
            }
          } else {
            const decile = total > 0 ? Math.floor((count / total) * 10) : 10;
            // Every 10 %, but not more often than every 2 s: short steps print their summary line only.
            if (decile > lastDecile && count < total && now - lastDraw >= 2000) {
              lastDecile = decile;
              lastDraw = now;
              stream.write(`${line()}\n`);
            }
          }
        },
        done(summary) {
          const elapsed = performance.now() - started;
          const text = `[${name}] ${summary ?? `${number(count)} ${unit}`} in ${(elapsed / 1000).toFixed(1)}s`;
          stream.write(tty ? `\r\x1b[K${text}\n` : `${text}\n`);
        },
      };
    },
  };
}

/** Prints nothing (tests). */
export const silentProgress: Progress = {
  info: () => {},
  step: () => ({ add: () => {}, done: () => {} }),
};
