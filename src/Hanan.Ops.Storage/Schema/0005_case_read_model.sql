-- 0005: the case read model (Hanan.Ops.Storage.ReadModels.PostgresCaseReadModel).
--
-- One row per case, projected from case events: what lists, filters and statistics read. The projection writes
-- rows with a version guard (a row only ever moves to a higher version), so this table may lag the cases but never
-- goes backwards.
--
-- Conventions
--   Enumerations (status, assignment role and status) are stored by member name, not by number, so that adding a
--   member to an enum never changes the meaning of stored rows.
--   Timestamps are instants (timestamptz); the read model returns them in UTC.
--   search_number and search_description hold number and description case-folded by the application (the same
--   folding the in-memory read model uses), so text search does not depend on this database's locale. Text search
--   is LIKE '%…%' on them, served by the trigram index (pg_trgm): Chinese has no word boundaries, so substring
--   matching on trigrams fits it better than a word-based full-text index. Patterns shorter than three characters
--   cannot use the index and are answered by a scan.

CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE IF NOT EXISTS case_summary
(
    id                 uuid                   PRIMARY KEY,
    version            bigint                 NOT NULL,
    number             text                   NOT NULL,
    status             text                   NOT NULL,
    category_code      text                   NOT NULL,
    lead_bureau        text                   NOT NULL,
    bureaus            text[]                 NOT NULL,
    assignments        jsonb                  NOT NULL,
    grid_code          text                   NOT NULL,
    community_code     text                   NOT NULL,
    street_code        text                   NOT NULL,
    location           geography(Point, 4326) NOT NULL,
    hot                boolean                NOT NULL,
    overdue            boolean                NOT NULL,
    channel            text                   NOT NULL,
    description        text                   NOT NULL,
    filed_at           timestamptz            NOT NULL,
    resolve_due        timestamptz            NOT NULL,
    resolved_at        timestamptz,
    closed_at          timestamptz,
    rating             integer,
    returns            integer                NOT NULL,
    reopenings         integer                NOT NULL,
    affected_citizens  integer                NOT NULL,
    merged_into        uuid,
    updated_at         timestamptz            NOT NULL,
    search_number      text                   NOT NULL,
    search_description text                   NOT NULL,
    CONSTRAINT case_summary_assignments_is_array CHECK (jsonb_typeof(assignments) = 'array')
);

COMMENT ON TABLE case_summary IS
    'Case read model: one row per case, written only with a higher version than the stored one.';
COMMENT ON COLUMN case_summary.bureaus IS
    'Every bureau with a part in the case: the lead bureau and the bureau of each assignment, without repeats.';
COMMENT ON COLUMN case_summary.assignments IS
    'The assignments as a JSON array of objects (bureau, role, status, claimedBy, claimedAt, claimDue, doneAt), in case order.';
COMMENT ON COLUMN case_summary.search_number IS
    'number, case-folded by the application; the column text search compares with.';
COMMENT ON COLUMN case_summary.search_description IS
    'description, case-folded by the application; the column text search compares with.';

-- Lists are ordered newest first with the id as tie-break and paged by keyset on the same pair; the filed-range
-- reads of the statistics use it too.
CREATE INDEX IF NOT EXISTS case_summary_filed
    ON case_summary (filed_at DESC, id DESC);

-- The equality filters, each followed by the list order, so that a filtered page is read in order from the index.
CREATE INDEX IF NOT EXISTS case_summary_status_filed
    ON case_summary (status, filed_at DESC, id DESC);
CREATE INDEX IF NOT EXISTS case_summary_grid_filed
    ON case_summary (grid_code, filed_at DESC, id DESC);
CREATE INDEX IF NOT EXISTS case_summary_street_filed
    ON case_summary (street_code, filed_at DESC, id DESC);
CREATE INDEX IF NOT EXISTS case_summary_category_filed
    ON case_summary (category_code, filed_at DESC, id DESC);

-- Hot and overdue cases are a small part of all cases: partial indexes in list order.
CREATE INDEX IF NOT EXISTS case_summary_hot_filed
    ON case_summary (filed_at DESC, id DESC) WHERE hot;
CREATE INDEX IF NOT EXISTS case_summary_overdue_filed
    ON case_summary (filed_at DESC, id DESC) WHERE overdue;

-- The bureau filter: bureaus @> ARRAY[bureau].
CREATE INDEX IF NOT EXISTS case_summary_bureaus
    ON case_summary USING gin (bureaus);

-- Substring search on number or description (two LIKE conditions joined by OR, one index serving both).
CREATE INDEX IF NOT EXISTS case_summary_search
    ON case_summary USING gin (search_number gin_trgm_ops, search_description gin_trgm_ops);

-- Map and proximity queries.
CREATE INDEX IF NOT EXISTS case_summary_location
    ON case_summary USING gist (location);
