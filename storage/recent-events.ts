/**
 * `recent_events` (migration 0026): the newest days of request events, with
 * the columns an events view lists and filters on, ordered by time. The
 * explorer's unscoped views — every instansi, newest first — read it; in
 * `request_events`, ordered by instansi, API and time, the newest events of
 * 300 APIs sit in a granule or two of each API (888 of 1,530 granules for the
 * last hour at 100M events), while here they are the last granules.
 */

/** Days of events recent_events keeps and answers for (its TTL; a view starting earlier reads request_events). */
export const RECENT_EVENT_DAYS = 8

/** Its retention: never longer than the events themselves (PANTAU_RAW_TTL_DAYS). */
export const recentEventDays = (rawTtlDays: number): number => Math.min(RECENT_EVENT_DAYS, rawTtlDays)
