/**
 * When a router sends Router Advertisements, pure (RFC 4861 §6.2.4, §6.2.6).
 * Times are milliseconds; randomness comes in as a number in [0, 1) so that
 * every decision is reproducible in tests.
 */

import { ValidationError } from '../../src/core/errors.js';

export interface RaIntervals {
  /** MaxRtrAdvInterval (RFC 4861 §6.2.1): 4–1800 s. */
  maxRtrAdvIntervalSeconds: number;
  /** MinRtrAdvInterval: 3 s – 0.75 × MaxRtrAdvInterval. */
  minRtrAdvIntervalSeconds: number;
}

/** RFC 4861 §6.2.1 defaults: Max 600 s, Min about a third of it. */
export const DEFAULT_RA_INTERVALS: RaIntervals = { maxRtrAdvIntervalSeconds: 600, minRtrAdvIntervalSeconds: 200 };

/** RFC 4861 §10, router constants. */
export const MAX_INITIAL_RTR_ADVERT_INTERVAL_MS = 16_000;
export const MAX_INITIAL_RTR_ADVERTISEMENTS = 3;
export const MIN_DELAY_BETWEEN_RAS_MS = 3_000;
export const MAX_RA_DELAY_TIME_MS = 500;

/** The intervals with defaults filled in; ValidationError (path `/intervals/...`) outside RFC 4861 §6.2.1's ranges. */
export function resolveRaIntervals(partial: Partial<RaIntervals> = {}): RaIntervals {
  const intervals = { ...DEFAULT_RA_INTERVALS, ...partial };
  const max = intervals.maxRtrAdvIntervalSeconds;
  const min = intervals.minRtrAdvIntervalSeconds;
  if (!Number.isFinite(max) || max < 4 || max > 1800) {
    throw new ValidationError('/intervals/maxRtrAdvIntervalSeconds', `failed to schedule router advertisements: MaxRtrAdvInterval ${max} s is not in 4–1800 s`);
  }
  if (!Number.isFinite(min) || min < 3 || min > 0.75 * max) {
    throw new ValidationError(
      '/intervals/minRtrAdvIntervalSeconds',
      `failed to schedule router advertisements: MinRtrAdvInterval ${min} s is not in 3–${0.75 * max} s (0.75 × MaxRtrAdvInterval)`,
    );
  }
  return intervals;
}

/**
 * Delay until the next unsolicited multicast RA, counted from the last multicast RA
 * (§6.2.4: every multicast RA resets the timer): uniform in [Min, Max], but at most
 * MAX_INITIAL_RTR_ADVERT_INTERVAL while fewer than MAX_INITIAL_RTR_ADVERTISEMENTS went out.
 * @param sent multicast RAs sent so far
 * @param random a number in [0, 1)
 */
export function unsolicitedDelayMs(intervals: RaIntervals, sent: number, random: number): number {
  const min = intervals.minRtrAdvIntervalSeconds * 1000;
  const delay = min + random * (intervals.maxRtrAdvIntervalSeconds * 1000 - min);
  return sent < MAX_INITIAL_RTR_ADVERTISEMENTS ? Math.min(delay, MAX_INITIAL_RTR_ADVERT_INTERVAL_MS) : delay;
}

/**
 * Delay from `now` until the multicast RA that answers a solicitation (§6.2.6):
 * a random 0–MAX_RA_DELAY_TIME, added to the time MIN_DELAY_BETWEEN_RAS after the
 * last multicast RA when that was more recent than MIN_DELAY_BETWEEN_RAS.
 * @param lastMulticastAt when the last multicast RA was sent, undefined if never
 * @param random a number in [0, 1)
 */
export function solicitedDelayMs(now: number, lastMulticastAt: number | undefined, random: number): number {
  const delay = random * MAX_RA_DELAY_TIME_MS;
  if (lastMulticastAt !== undefined && now - lastMulticastAt < MIN_DELAY_BETWEEN_RAS_MS) {
    return lastMulticastAt + MIN_DELAY_BETWEEN_RAS_MS + delay - now;
  }
  return delay;
}
