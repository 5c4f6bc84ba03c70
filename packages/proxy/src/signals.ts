// Process signals for a daemon run from the CLI: SIGHUP reloads, SIGUSR1
// toggles the kill switch, SIGTERM/SIGINT drain and exit 0 (a second one
// exits at once). Kept out of startProxy so in-process users and tests
// never have process-wide handlers installed behind their back.
import type { RunningProxy } from './daemon.js';

export interface SignalOptions {
  /** Called once the daemon has closed; defaults to process.exit. */
  exit?: (code: number) => void;
}

/** Install the handlers; returns a function that removes them. */
export function installSignalHandlers(proxy: RunningProxy, opts: SignalOptions = {}): () => void {
  const exit = opts.exit ?? ((code: number) => process.exit(code));
  let stopping = false;
  const onHup = (): void => {
    proxy.logger.event('info', 'SIGHUP: reloading config');
    void proxy.reload();
  };
  const onUsr1 = (): void => {
    const active = proxy.killSwitch.toggleSignal();
    proxy.logger.event('warn', `SIGUSR1: kill switch ${active ? 'active' : 'inactive'}`, { sources: proxy.killSwitch.sources().join(',') });
  };
  const onStop = (signal: NodeJS.Signals): void => {
    if (stopping) {
      exit(1);
      return;
    }
    stopping = true;
    proxy.logger.event('info', `${signal}: draining and shutting down`);
    proxy.close().then(
      () => exit(0),
      (err: unknown) => {
        proxy.logger.event('error', 'shutdown failed', { error: (err as Error).message });
        exit(1);
      },
    );
  };
  process.on('SIGHUP', onHup);
  process.on('SIGUSR1', onUsr1);
  process.on('SIGTERM', onStop);
  process.on('SIGINT', onStop);
  return () => {
    process.off('SIGHUP', onHup);
    process.off('SIGUSR1', onUsr1);
    process.off('SIGTERM', onStop);
    process.off('SIGINT', onStop);
  };
}
