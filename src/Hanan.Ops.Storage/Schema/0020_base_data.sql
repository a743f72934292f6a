-- 0020: the base-data read model (Hanan.Ops.Storage.Residents.PostgresResidentReadModel): people, places, things and
-- organisations of the grids (三合一 base data).
--
-- Conventions
--   Enumerations (sex, registration, place kind, component class) are stored by member name. Resident tags are a
--   bit set (integer) whose bits are fixed in ResidentTags; a new tag takes a new bit, so stored rows keep their
--   meaning.
--   Points are geometry(Point, 4326) (longitude, latitude) with GiST indexes, for point-in-grid and nearby queries.
--   Citizen ID numbers are never stored in clear: id_sealed is AES-256-GCM ciphertext (version, nonce, tag,
--   ciphertext), id_lookup the HMAC-SHA256 keyed hash the "swipe the card" lookup uses, id_masked the display form.
--   Phones likewise (phone_sealed, phone_masked). The keys live in configuration, never in the database.
--   Residents are written with a version guard: a row only ever moves to a higher version.

CREATE TABLE IF NOT EXISTS place
(
    id              text                  PRIMARY KEY,
    kind            text                  NOT NULL,
    name            text                  NOT NULL,
    grid_code       text                  NOT NULL,
    location        geometry(Point, 4326) NOT NULL,
    units           integer               NOT NULL,
    floors          integer               NOT NULL,
    rooms_per_floor integer               NOT NULL
);

COMMENT ON TABLE place IS 'Places (地): buildings. The id is the grid code, B and a 3-digit serial.';
CREATE INDEX IF NOT EXISTS place_grid ON place (grid_code);
CREATE INDEX IF NOT EXISTS place_location ON place USING gist (location);

CREATE TABLE IF NOT EXISTS urban_component
(
    id        text                  PRIMARY KEY,
    class     text                  NOT NULL,
    kind      text                  NOT NULL,
    grid_code text                  NOT NULL,
    location  geometry(Point, 4326) NOT NULL
);

COMMENT ON TABLE urban_component IS 'Things (物): public facilities managed as urban components (部件).';
CREATE INDEX IF NOT EXISTS urban_component_grid ON urban_component (grid_code);
CREATE INDEX IF NOT EXISTS urban_component_location ON urban_component USING gist (location);

CREATE TABLE IF NOT EXISTS legal_person
(
    credit_code text                  PRIMARY KEY,
    name        text                  NOT NULL,
    grid_code   text                  NOT NULL,
    place_id    text,
    location    geometry(Point, 4326) NOT NULL,
    CONSTRAINT legal_person_credit_code_length CHECK (length(credit_code) = 18)
);

COMMENT ON TABLE legal_person IS 'Organisations (组织): legal persons by unified social credit code (GB 32100).';
CREATE INDEX IF NOT EXISTS legal_person_grid ON legal_person (grid_code);
CREATE INDEX IF NOT EXISTS legal_person_location ON legal_person USING gist (location);

CREATE TABLE IF NOT EXISTS resident
(
    id           uuid                  PRIMARY KEY,
    id_lookup    text                  NOT NULL,
    id_sealed    bytea                 NOT NULL,
    id_masked    text                  NOT NULL,
    name         text                  NOT NULL,
    sex          text                  NOT NULL,
    birth_date   date                  NOT NULL,
    building_id  text                  NOT NULL,
    unit         integer               NOT NULL,
    room         integer               NOT NULL,
    household_id text                  NOT NULL,
    grid_code    text                  NOT NULL,
    registration text                  NOT NULL,
    tags         integer               NOT NULL,
    phone_sealed bytea,
    phone_masked text,
    location     geometry(Point, 4326) NOT NULL,
    version      bigint                NOT NULL,
    updated_at   timestamptz           NOT NULL
);

COMMENT ON TABLE resident IS
    'Residents (人): one row per resident, keyed by a surrogate id; written only with a higher version than the stored one.';
COMMENT ON COLUMN resident.id_lookup IS 'HMAC-SHA256 of the citizen ID number under the lookup key, 64 hex digits.';
COMMENT ON COLUMN resident.id_sealed IS 'The citizen ID number, AES-256-GCM under the encryption key.';
COMMENT ON COLUMN resident.tags IS 'Restricted tags as the bit set of ResidentTags.';

CREATE UNIQUE INDEX IF NOT EXISTS resident_id_lookup ON resident (id_lookup);
CREATE INDEX IF NOT EXISTS resident_grid ON resident (grid_code, id);
CREATE INDEX IF NOT EXISTS resident_household ON resident (household_id);
CREATE INDEX IF NOT EXISTS resident_name_prefix ON resident (name text_pattern_ops, id);
CREATE INDEX IF NOT EXISTS resident_tagged ON resident (tags) WHERE tags <> 0;
CREATE INDEX IF NOT EXISTS resident_location ON resident USING gist (location);

-- Households (户) are the residents of one dwelling: a view, so that a move has one writer (the resident row).
CREATE OR REPLACE VIEW household AS
SELECT household_id                  AS id,
       min(building_id)              AS building_id,
       min(grid_code)                AS grid_code,
       count(*)::integer             AS people,
       (array_agg(location))[1]      AS location
  FROM resident
 GROUP BY household_id;
