// When Router Advertisements go out (RFC 4861 §6.2.4, §6.2.6), with randomness passed in.
import t from 'tap';
import { ValidationError } from '../../src/core/errors.js';
import {
  DEFAULT_RA_INTERVALS,
  MAX_INITIAL_RTR_ADVERT_INTERVAL_MS,
  resolveRaIntervals,
  solicitedDelayMs,
  unsolicitedDelayMs,
} from '../../dhcp/ra/schedule.js';

t.test('intervals default to 600 s / 200 s and must stay in RFC 4861 §6.2.1 ranges', async (t) => {
  t.same(resolveRaIntervals(), { maxRtrAdvIntervalSeconds: 600, minRtrAdvIntervalSeconds: 200 });
  t.same(resolveRaIntervals({ maxRtrAdvIntervalSeconds: 4, minRtrAdvIntervalSeconds: 3 }), { maxRtrAdvIntervalSeconds: 4, minRtrAdvIntervalSeconds: 3 });
  for (const bad of [{ maxRtrAdvIntervalSeconds: 3 }, { maxRtrAdvIntervalSeconds: 1801 }, { minRtrAdvIntervalSeconds: 2 }, { minRtrAdvIntervalSeconds: 451 }, { maxRtrAdvIntervalSeconds: NaN }]) {
    t.throws(() => resolveRaIntervals(bad), ValidationError, JSON.stringify(bad));
  }
});

t.test('the first three unsolicited RAs come within 16 s, later ones between Min and Max', async (t) => {
  const i = DEFAULT_RA_INTERVALS;
  for (const sent of [0, 1, 2]) {
    t.equal(unsolicitedDelayMs(i, sent, 0), MAX_INITIAL_RTR_ADVERT_INTERVAL_MS, `after ${sent}`);
    t.equal(unsolicitedDelayMs(i, sent, 0.999), MAX_INITIAL_RTR_ADVERT_INTERVAL_MS);
  }
  t.equal(unsolicitedDelayMs(i, 3, 0), 200_000);
  t.equal(unsolicitedDelayMs(i, 3, 0.5), 400_000);
  t.equal(unsolicitedDelayMs(i, 10, 0.999), 599_600);
  // Short intervals: the initial cap does not lengthen anything.
  t.equal(unsolicitedDelayMs({ maxRtrAdvIntervalSeconds: 10, minRtrAdvIntervalSeconds: 4 }, 0, 0.5), 7_000);
});

t.test('a solicitation is answered within 0.5 s, but never sooner than 3 s after the last multicast RA', async (t) => {
  t.equal(solicitedDelayMs(10_000, undefined, 0), 0);
  t.equal(solicitedDelayMs(10_000, undefined, 0.5), 250);
  t.equal(solicitedDelayMs(10_000, 5_000, 0.5), 250, 'last RA 5 s ago');
  t.equal(solicitedDelayMs(10_000, 9_000, 0), 2_000, 'last RA 1 s ago: 3 s after it');
  t.equal(solicitedDelayMs(10_000, 9_000, 0.5), 2_250);
  t.equal(solicitedDelayMs(10_000, 7_000, 0), 0, 'exactly 3 s ago');
});
