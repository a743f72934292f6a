-- 0051: the working-day calendar as live data (Hanan.Ops.Storage.Calendar.PostgresCalendarStore).
--
-- One row per year whose official holiday notice (全年节假日安排) an administrator loaded, in the JSON form of the
-- calendar files. Every load takes the next revision, so each host sees that the calendar changed by reading one number.
-- The years shipped with the build need no row; a row for such a year replaces it (a corrected notice).

CREATE SEQUENCE IF NOT EXISTS calendar_revision;

CREATE TABLE IF NOT EXISTS calendar_year
(
    year      integer     PRIMARY KEY CHECK (year BETWEEN 1 AND 9998),
    data      jsonb       NOT NULL,
    loaded_at timestamptz NOT NULL,
    loaded_by text        NOT NULL,
    revision  bigint      NOT NULL
);

COMMENT ON TABLE calendar_year IS 'Official holiday notices loaded by an administrator, one per year; revision grows with every load.';
