-- Orleans ADO.NET reminders on PostgreSQL: PicChat's own table and queries for the provider's contract.
-- The provider reads the queries below from OrleansQuery and binds @ServiceId, @GrainId, @ReminderName,
-- @StartTime (UTC), @Period (milliseconds), @GrainHash, @BeginHash, @EndHash (uint hashes passed as signed
-- int) and @Version. Rows come back with the columns GrainId, ReminderName, StartTime, Period (read as a
-- 64-bit integer) and Version; an upsert answers the new Version, a delete one boolean.

CREATE TABLE orleans_reminders (
    service_id    varchar(150) NOT NULL,
    grain_id      text         NOT NULL,
    reminder_name text         NOT NULL,
    start_time    timestamptz  NOT NULL,
    period        bigint       NOT NULL,
    grain_hash    integer      NOT NULL,
    version       integer      NOT NULL DEFAULT 0,
    PRIMARY KEY (service_id, grain_id, reminder_name)
);

-- Each silo's reminder service loads the reminders of its slice of the hash ring.
CREATE INDEX orleans_reminders_by_hash ON orleans_reminders (service_id, grain_hash);

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
('UpsertReminderRowKey', $q$
INSERT INTO orleans_reminders AS r (service_id, grain_id, reminder_name, start_time, period, grain_hash)
VALUES (CAST(@ServiceId AS text), CAST(@GrainId AS text), CAST(@ReminderName AS text),
        CAST(@StartTime AS timestamptz), CAST(@Period AS bigint), CAST(@GrainHash AS integer))
ON CONFLICT (service_id, grain_id, reminder_name) DO UPDATE
SET start_time = EXCLUDED.start_time, period = EXCLUDED.period, grain_hash = EXCLUDED.grain_hash,
    version = r.version + 1
RETURNING r.version AS Version
$q$),
('ReadReminderRowsKey', $q$
SELECT grain_id AS GrainId, reminder_name AS ReminderName, start_time AS StartTime, period AS Period, version AS Version
FROM orleans_reminders
WHERE service_id = CAST(@ServiceId AS text) AND grain_id = CAST(@GrainId AS text)
$q$),
('ReadReminderRowKey', $q$
SELECT grain_id AS GrainId, reminder_name AS ReminderName, start_time AS StartTime, period AS Period, version AS Version
FROM orleans_reminders
WHERE service_id = CAST(@ServiceId AS text) AND grain_id = CAST(@GrainId AS text)
  AND reminder_name = CAST(@ReminderName AS text)
$q$),
-- A slice (begin, end] of the ring that does not wrap around ...
('ReadRangeRows1Key', $q$
SELECT grain_id AS GrainId, reminder_name AS ReminderName, start_time AS StartTime, period AS Period, version AS Version
FROM orleans_reminders
WHERE service_id = CAST(@ServiceId AS text)
  AND grain_hash > CAST(@BeginHash AS integer) AND grain_hash <= CAST(@EndHash AS integer)
$q$),
-- ... and one that does: past the begin, or up to the end.
('ReadRangeRows2Key', $q$
SELECT grain_id AS GrainId, reminder_name AS ReminderName, start_time AS StartTime, period AS Period, version AS Version
FROM orleans_reminders
WHERE service_id = CAST(@ServiceId AS text)
  AND (grain_hash > CAST(@BeginHash AS integer) OR grain_hash <= CAST(@EndHash AS integer))
$q$),
-- Only the version the caller read may be deleted (optimistic concurrency).
('DeleteReminderRowKey', $q$
WITH gone AS (
    DELETE FROM orleans_reminders
    WHERE service_id = CAST(@ServiceId AS text) AND grain_id = CAST(@GrainId AS text)
      AND reminder_name = CAST(@ReminderName AS text) AND version = CAST(@Version AS integer)
    RETURNING 1)
SELECT count(*) > 0 FROM gone
$q$),
('DeleteReminderRowsKey', $q$
DELETE FROM orleans_reminders WHERE service_id = CAST(@ServiceId AS text)
$q$);
