-- 0031: the command centre's alerts (Hanan.Ops.Storage.Cameras.PostgresCameraAlertStore).
--
-- One row per alert, written by the alert board (AlertBoardGrain, key 0) before it pushes the change to the screens:
-- raising inserts the row (ON CONFLICT DO NOTHING, so a repeated alert id changes nothing), every later step
-- (acknowledge, dispatch, close, a case filed) updates that row only. Before this script the board kept every alert
-- in one Orleans grain state (state name camera-alerts) and rewrote all of them at each change.
--
-- Conventions
--   alert is the whole alert as JSON (fixed names, enumerations by name, instants with their offset): what is read
--   back. The other columns repeat what the queries filter and sort on; status and kind hold enumeration names.
--   version starts at 1 and moves on by one at every update; an update names the version it was decided on, so a
--   writer that had not seen the latest row (a second activation of the board for a moment) changes nothing.
--   last_step_at is the instant of the alert's last step (its raising when it has none).
--   Personal data (PIPL Art. 28): plate and the alert hold the full plate, as camera_plate_read does, and the alert the
--   person reference and the police note; screens outside the police get them masked, never from this table directly.
--   A closed alert is deleted 30 days after its last step by the board's purge (served by the closed index); an
--   alert still open is kept.

CREATE TABLE IF NOT EXISTS camera_alert
(
    id            uuid         PRIMARY KEY,
    kind          text         NOT NULL,
    status        text         NOT NULL,
    camera_id     text         NOT NULL,
    plate         text         NULL,
    raised_at     timestamptz  NOT NULL,
    last_step_at  timestamptz  NOT NULL,
    alert         jsonb        NOT NULL,
    version       bigint       NOT NULL,
    CONSTRAINT camera_alert_is_object CHECK (jsonb_typeof(alert) = 'object')
);

-- The board's list, newest first, with or without a status; the open alerts of the working set.
CREATE INDEX IF NOT EXISTS camera_alert_status_raised ON camera_alert (status, raised_at DESC, id);
CREATE INDEX IF NOT EXISTS camera_alert_raised ON camera_alert (raised_at DESC, id);
-- The purge, and the closed alerts of the working set.
CREATE INDEX IF NOT EXISTS camera_alert_closed ON camera_alert (last_step_at) WHERE status = 'Closed';
