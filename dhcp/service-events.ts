/**
 * What the in-pod servers (DHCPv4, DHCPv6, Router Advertisements) share about
 * reporting: drop counters by reason, and an event log that can never take a
 * server down, whatever the caller's logger does.
 */

export type EventLog = (event: object) => void;

export function countDrop<R extends string>(dropped: Partial<Record<R, number>>, reason: R): void {
  dropped[reason] = (dropped[reason] ?? 0) + 1;
}

/** Hands `event`, tagged with the bridge, to `log`; a throwing logger is ignored. */
export function emitEvent(log: EventLog | undefined, bridge: string, event: Record<string, unknown>): void {
  if (log === undefined) return;
  try {
    log({ ...event, bridge });
  } catch {
    // A failing logger must not take the server down with it.
  }
}
