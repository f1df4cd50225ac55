/**
 * Recovers a MongoClient whose server monitor is stuck. In driver 7.9 a heartbeat can wait forever:
 * when a server closes every connection at once (a restart), an operation's connection error asks
 * the monitor for an immediate check, the monitor writes its `hello` to a socket that is already
 * destroyed but has not yet emitted `close`, and it then waits for a `drain` that never comes. The
 * server stays Unknown for good, so every later operation fails server selection even after the
 * database is back. A heartbeat always ends (success or failure) within the connect timeout plus
 * one awaited-hello period; one that has not ended well past that is this stuck state, and closing
 * and reconnecting the client (public API; collections look the topology up per operation) is the
 * way out. Operations running at that moment fail as the outage already made them fail.
 */
import type { MongoClient } from 'mongodb';

export interface WatchdogTimings {
  heartbeatFrequencyMS: number;
  connectTimeoutMS: number;
}

export interface HeartbeatWatchdog {
  /** How many times it has reconnected the client. */
  readonly recoveries: number;
  stop(): void;
}

export function watchHeartbeats(client: MongoClient, { heartbeatFrequencyMS, connectTimeoutMS }: WatchdogTimings): HeartbeatWatchdog {
  // Twice the longest a healthy heartbeat can take (polling or awaited): no false alarm on a slow machine.
  const stuckAfterMS = 2 * (heartbeatFrequencyMS + connectTimeoutMS);
  const startedAt = new Map<string, number>();
  const onStarted = (event: { connectionId: string }) => startedAt.set(event.connectionId, Date.now());
  const onEnded = (event: { connectionId: string }) => startedAt.delete(event.connectionId);
  client.on('serverHeartbeatStarted', onStarted);
  client.on('serverHeartbeatSucceeded', onEnded);
  client.on('serverHeartbeatFailed', onEnded);
  let recoveries = 0;
  let reconnecting = false;
  // The application closing its client ends the watch; only our own reconnect closes it otherwise.
  const onClosed = () => {
    if (!reconnecting) watchdog.stop();
  };
  client.on('topologyClosed', onClosed);
  const timer = setInterval(
    async () => {
      if (reconnecting) return;
      const now = Date.now();
      if (![...startedAt.values()].some((at) => now - at > stuckAfterMS)) return;
      reconnecting = true;
      startedAt.clear();
      try {
        await client.close();
        await client.connect();
        recoveries++;
      } catch {
        // Still down: the next stuck heartbeat (or the driver itself) tries again.
      } finally {
        reconnecting = false;
      }
    },
    Math.max(250, Math.floor(heartbeatFrequencyMS / 2)),
  );
  timer.unref();

  const watchdog: HeartbeatWatchdog = {
    get recoveries() {
      return recoveries;
    },
    stop() {
      clearInterval(timer);
      client.off('serverHeartbeatStarted', onStarted);
      client.off('serverHeartbeatSucceeded', onEnded);
      client.off('serverHeartbeatFailed', onEnded);
      client.off('topologyClosed', onClosed);
    },
  };
  return watchdog;
}
