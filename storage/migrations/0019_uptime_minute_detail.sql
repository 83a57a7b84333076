-- The minutes of bad hours in the hourly uptime rows (issue 14: incidents
-- took 1.4 s p95 at 3M events, reading ~420k minute rows around the bad
-- hours of a month). Incidents are runs of bad minutes, so a query needs the
-- minutes of the hours that have bad ones, and of any other hour only its
-- first observed minute (where an incident of the hour before may end):
-- `first_minute` is that minute's offset in the hour, and `detail` the
-- observed minutes (offset, requests, 5xx, bad) of an hour with `down` > 0
-- that a run can hold or end in — bad ones, those within the merge gap after
-- one, the first minutes of the hour — (empty otherwise), both over the
-- minutes outside maintenance, as the rest of the row
-- (shared/metrics/uptime-hours.ts). The rows are a cache of
-- request_rollup_1m: emptied here, the rows recorded before these columns
-- existed are computed again when they are next read.
ALTER TABLE uptime_1h
    ADD COLUMN IF NOT EXISTS first_minute UInt8 AFTER errors_5xx,
    ADD COLUMN IF NOT EXISTS detail Array(Tuple(minute UInt8, requests UInt64, errors_5xx UInt64, bad UInt8)) AFTER first_minute;

TRUNCATE TABLE IF EXISTS uptime_1h;
