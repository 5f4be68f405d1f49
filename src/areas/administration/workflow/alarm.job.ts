// The periodic alarm evaluation (07 §10.3): every `alarmEvaluationIntervalSeconds` (07 §16, read before each wait, so
// a change applies from the next run on), one run over all instances (runAlarmEvaluation skips when another holds the
// lock). Started by the app:
//
//   const stopAlarms = startAlarmEvaluation(app);
//   app.addHook('onClose', async () => stopAlarms());
import type { FastifyInstance } from 'fastify';
import { runAlarmEvaluation } from './alarm.service.ts';

/** Starts the periodic evaluation; the returned function stops it and waits for a run in progress. */
export function startAlarmEvaluation(app: Pick<FastifyInstance, 'db' | 'settings' | 'auth' | 'log'>): () => Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let current: Promise<unknown> = Promise.resolve();

  const schedule = async () => {
    if (stopped) return;
    let seconds = 60;
    try {
      seconds = await app.settings.get('alarmEvaluationIntervalSeconds');
    } catch (err) {
      app.log.warn({ err }, 'alarm evaluation: reading the interval failed');
    }
    if (stopped) return;
    timer = setTimeout(tick, seconds * 1000);
    timer.unref();
  };

  const tick = () => {
    current = runAlarmEvaluation(app.db, app.auth.now, app.log)
      .then((run) => {
        if (run?.firedEvents) app.log.info({ firedEvents: run.firedEvents, evaluatedWorkflows: run.evaluatedWorkflows }, 'alarm workflows fired');
      })
      .catch((err: unknown) => app.log.warn({ err }, 'alarm evaluation failed'))
      .finally(() => void schedule());
  };

  void schedule();
  return async () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    await current;
  };
}
