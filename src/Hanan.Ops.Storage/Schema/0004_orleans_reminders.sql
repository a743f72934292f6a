-- 0004: Orleans reminders, for Microsoft.Orleans.Reminders.AdoNet 10.4.2 (invariant "Npgsql").
--
-- Keys read from orleansquery (created in 0002): ReadReminderRowsKey, ReadReminderRowKey,
-- ReadRangeRows1Key, ReadRangeRows2Key, UpsertReminderRowKey, DeleteReminderRowKey,
-- DeleteReminderRowsKey.
--
-- Parameters, with their PostgreSQL types on the wire: @ServiceId text, @GrainId text (the full
-- grain id, "type/key"), @ReminderName text, @StartTime timestamptz (UTC), @Period int4 or int8
-- (milliseconds; int8 only above int4 range), @GrainHash int4 (the grain's uniform hash code cast
-- from uint to int), @BeginHash int4, @EndHash int4, @Version int4.
--
-- Reads return "GrainId", "ReminderName", "StartTime", "Period" and "Version". The upsert returns
-- the row's new "Version", which becomes the reminder's ETag; a delete succeeds only with the
-- current ETag and answers one boolean.
--
-- Hash ranges: each silo owns the ring range (@BeginHash, @EndHash], exclusive begin, inclusive
-- end. The provider compares the bounds as signed integers and picks ReadRangeRows1Key when
-- begin < end, and ReadRangeRows2Key when the range wraps past the top of the ring (begin = end
-- means the whole ring, which the wrap-around condition also covers).
--
-- ETags use orleans_next_version from 0003, the same rule as grain state.

CREATE TABLE IF NOT EXISTS orleans_reminder
(
    service_id    text        NOT NULL,
    grain_id      text        NOT NULL,
    reminder_name text        NOT NULL,
    grain_hash    integer     NOT NULL,
    start_time    timestamptz NOT NULL,
    period        bigint      NOT NULL,
    version       integer     NOT NULL,
    PRIMARY KEY (service_id, grain_id, reminder_name)
);

COMMENT ON TABLE orleans_reminder IS 'Orleans durable reminders; period in milliseconds.';

-- Range reads by the silos' reminder services.
CREATE INDEX IF NOT EXISTS orleans_reminder_ring ON orleans_reminder (service_id, grain_hash);

INSERT INTO orleansquery (querykey, querytext)
VALUES
    ('ReadReminderRowsKey', $q$
SELECT grain_id AS "GrainId", reminder_name AS "ReminderName", start_time AS "StartTime",
       period AS "Period", version AS "Version"
  FROM orleans_reminder
 WHERE service_id = @ServiceId
   AND grain_id = @GrainId
$q$),
    ('ReadReminderRowKey', $q$
SELECT grain_id AS "GrainId", reminder_name AS "ReminderName", start_time AS "StartTime",
       period AS "Period", version AS "Version"
  FROM orleans_reminder
 WHERE service_id = @ServiceId
   AND grain_id = @GrainId
   AND reminder_name = @ReminderName
$q$),
    ('ReadRangeRows1Key', $q$
SELECT grain_id AS "GrainId", reminder_name AS "ReminderName", start_time AS "StartTime",
       period AS "Period", version AS "Version"
  FROM orleans_reminder
 WHERE service_id = @ServiceId
   AND grain_hash > @BeginHash
   AND grain_hash <= @EndHash
$q$),
    ('ReadRangeRows2Key', $q$
SELECT grain_id AS "GrainId", reminder_name AS "ReminderName", start_time AS "StartTime",
       period AS "Period", version AS "Version"
  FROM orleans_reminder
 WHERE service_id = @ServiceId
   AND (grain_hash > @BeginHash OR grain_hash <= @EndHash)
$q$),
    ('UpsertReminderRowKey', $q$
INSERT INTO orleans_reminder AS r
    (service_id, grain_id, reminder_name, grain_hash, start_time, period, version)
VALUES
    (@ServiceId, @GrainId, @ReminderName, @GrainHash, @StartTime, @Period, 1)
ON CONFLICT (service_id, grain_id, reminder_name) DO UPDATE
   SET grain_hash = EXCLUDED.grain_hash,
       start_time = EXCLUDED.start_time,
       period = EXCLUDED.period,
       version = orleans_next_version(r.version)
RETURNING r.version AS "Version"
$q$),
    ('DeleteReminderRowKey', $q$
WITH removed AS (
    DELETE FROM orleans_reminder
     WHERE service_id = @ServiceId
       AND grain_id = @GrainId
       AND reminder_name = @ReminderName
       AND version = @Version
    RETURNING 1)
SELECT EXISTS (SELECT 1 FROM removed)
$q$),
    ('DeleteReminderRowsKey', $q$
DELETE FROM orleans_reminder
 WHERE service_id = @ServiceId
$q$)
ON CONFLICT (querykey) DO UPDATE
   SET querytext = EXCLUDED.querytext
 WHERE orleansquery.querytext IS DISTINCT FROM EXCLUDED.querytext;
