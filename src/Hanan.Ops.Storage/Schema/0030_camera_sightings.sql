-- 0030: plate reads and face events (Hanan.Ops.Storage.Cameras.PostgresSightingStore).
--
-- Every accepted recognition event is written here before the ingest endpoint answers. Companion queries (which
-- vehicles passed the target's cameras within Δt) and face-event queries read these tables; vehicle grains keep
-- their own records for the per-plate rules.
--
-- Conventions
--   read_key is the natural key camera|instant (UTC ticks)|plate: the same camera, instant and plate is one read,
--   whatever event id a sender gave it. A sender's event id is unique too, so a resend with a new instant is still
--   recognised. Inserts use ON CONFLICT DO NOTHING, so a repeated event is harmless.
--   Personal data (PIPL Art. 28): rows are purged after the configured retention (plate reads 30 days by default) by
--   the retention job, which deletes by "at" (served by the at index).

CREATE TABLE IF NOT EXISTS camera_plate_read
(
    read_key      text              PRIMARY KEY,
    event_id      text              NULL,
    camera_id     text              NOT NULL,
    at            timestamptz       NOT NULL,
    plate         text              NOT NULL,
    colour        text              NOT NULL,
    confidence    double precision  NOT NULL,
    latitude      double precision  NOT NULL,
    longitude     double precision  NOT NULL,
    fuzzy         boolean           NOT NULL,
    vehicle_type  text              NULL,
    direction     text              NULL,
    snapshot_ref  text              NULL
);

CREATE UNIQUE INDEX IF NOT EXISTS camera_plate_read_event ON camera_plate_read (event_id) WHERE event_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS camera_plate_read_plate_at ON camera_plate_read (plate, at);
CREATE INDEX IF NOT EXISTS camera_plate_read_camera_at ON camera_plate_read (camera_id, at);
CREATE INDEX IF NOT EXISTS camera_plate_read_at ON camera_plate_read (at);

CREATE TABLE IF NOT EXISTS camera_face_event
(
    face_key      text              PRIMARY KEY,
    event_id      text              NULL,
    camera_id     text              NOT NULL,
    at            timestamptz       NOT NULL,
    confidence    double precision  NOT NULL,
    person_ref    text              NULL,
    feature_id    text              NULL,
    latitude      double precision  NOT NULL,
    longitude     double precision  NOT NULL,
    snapshot_ref  text              NULL
);

CREATE UNIQUE INDEX IF NOT EXISTS camera_face_event_event ON camera_face_event (event_id) WHERE event_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS camera_face_event_person_at ON camera_face_event (person_ref, at) WHERE person_ref IS NOT NULL;
CREATE INDEX IF NOT EXISTS camera_face_event_camera_at ON camera_face_event (camera_id, at);
CREATE INDEX IF NOT EXISTS camera_face_event_at ON camera_face_event (at);
