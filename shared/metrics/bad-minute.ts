/**
 * The rule that makes a minute of an API *down* (ARCHITECTURE.md "Availability"):
 * it had requests and at least BAD_5XX_SHARE of them were 5xx. Idle minutes
 * are neither up nor down.
 */

/** A minute is bad when at least this share of its requests were 5xx. */
export const BAD_5XX_SHARE = 0.5

/**
 * Bad runs separated by at most this many good/idle minutes are one incident.
 * The hourly rows keep the minutes incidents need for this gap (uptime-hours.ts):
 * a change needs a migration that empties `uptime_1h`.
 */
export const MERGE_GAP_MIN = 2

/** SQL: whether a minute with `requests` and `errors` (column expressions) is bad; binds {bad_share}. */
export const badMinuteSql = (requests: string, errors: string): string => `(${requests} > 0 AND ${errors} >= {bad_share:Float64} * ${requests})`
