-- 0003: Orleans grain state, for Microsoft.Orleans.Persistence.AdoNet 10.4.2 (invariant "Npgsql").
--
-- The provider loads four keys from orleansquery (created in 0002): ReadFromStorageKey,
-- WriteToStorageKey, ClearStorageKey and DeleteStorageKey (the last one only runs when the storage
-- is configured with DeleteStateOnClear = true).
--
-- Parameters, the same for every statement, with their PostgreSQL types on the wire:
--   @ServiceId text, @GrainIdHash int4, @GrainIdN0 int8, @GrainIdN1 int8 (integer and Guid keys;
--   0 otherwise), @GrainTypeHash int4, @GrainTypeString text, @GrainIdExtensionString text
--   (the string key, or the key extension; NULL when there is none).
--   Writes, clears and deletes add @GrainStateVersion int4: the ETag the grain holds, NULL when it
--   has never seen a row. WriteToStorageKey adds @PayloadBinary bytea (the serialised state).
--   Note: @GrainTypeString is the state name given to [PersistentState], not the grain class.
--   Two grain classes using the same state name and key share one row; give each its own name.
--
-- ETag contract
--   Read: columns "PayloadBinary" and "Version"; no row means the grain has no state. A cleared row
--   (payload NULL) still gives the grain its version, so its next write is an update.
--   Write, clear, delete: one value, the row's new version. The provider throws
--   InconsistentStateException when that value is NULL, when no row comes back, or when it equals
--   the ETag it sent. So on success we return a version different from @GrainStateVersion, and on
--   a mismatch (another activation wrote in between) we return NULL or no row.
--   A NULL @GrainStateVersion means "create": it succeeds only while no row exists; the unique
--   key index turns the loser of two racing creates into a conflict.

CREATE TABLE IF NOT EXISTS orleans_grain_state
(
    id                 bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    service_id         text        NOT NULL,
    grain_id_hash      integer     NOT NULL,
    grain_id_n0        bigint      NOT NULL,
    grain_id_n1        bigint      NOT NULL,
    grain_type_hash    integer     NOT NULL,
    grain_type         text        NOT NULL,
    grain_id_extension text,
    payload            bytea,
    version            integer     NOT NULL,
    modified_at        timestamptz NOT NULL DEFAULT now()
);

COMMENT ON TABLE orleans_grain_state IS
    'Orleans grain state: one row per service, grain key and state name. payload NULL = cleared.';
COMMENT ON COLUMN orleans_grain_state.grain_type IS
    'The state name ([PersistentState] name), as the provider passes it.';

-- One row per grain state. The provider's hashes lead so that lookups use this index. The two
-- free-text parts enter as md5 digests so that long string keys never exceed the b-tree entry size
-- (md5 serves only as a compact fingerprint here); lookups compare the full text. NULLS NOT DISTINCT
-- (PostgreSQL 15) treats "no key extension" as one value.
CREATE UNIQUE INDEX IF NOT EXISTS orleans_grain_state_key
    ON orleans_grain_state (grain_id_hash, grain_type_hash, service_id, grain_id_n0, grain_id_n1,
                            md5(grain_type), md5(grain_id_extension))
    NULLS NOT DISTINCT;

-- The next ETag. The provider only compares ETags for equality, so instead of overflowing after
-- 2^31 - 1 writes the version wraps around to 1.
CREATE OR REPLACE FUNCTION orleans_next_version(p_version integer)
RETURNS integer
LANGUAGE sql
IMMUTABLE
AS $fn$
    SELECT CASE WHEN p_version = 2147483647 THEN 1 ELSE p_version + 1 END
$fn$;

-- The id of one grain state row, found by the provider's full key: hashes narrow, text decides.
CREATE OR REPLACE FUNCTION orleans_grain_state_id(
    p_service_id         text,
    p_grain_id_hash      integer,
    p_grain_id_n0        bigint,
    p_grain_id_n1        bigint,
    p_grain_type_hash    integer,
    p_grain_type         text,
    p_grain_id_extension text)
RETURNS bigint
LANGUAGE sql
STABLE
AS $fn$
    SELECT id
      FROM orleans_grain_state
     WHERE grain_id_hash = p_grain_id_hash
       AND grain_type_hash = p_grain_type_hash
       AND service_id = p_service_id
       AND grain_id_n0 = p_grain_id_n0
       AND grain_id_n1 = p_grain_id_n1
       AND grain_type = p_grain_type
       AND grain_id_extension IS NOT DISTINCT FROM p_grain_id_extension
$fn$;

-- Stores a payload (NULL to clear) if the caller's ETag is current and returns the new version;
-- NULL when another writer got there first.
CREATE OR REPLACE FUNCTION orleans_grain_state_write(
    p_service_id         text,
    p_grain_id_hash      integer,
    p_grain_id_n0        bigint,
    p_grain_id_n1        bigint,
    p_grain_type_hash    integer,
    p_grain_type         text,
    p_grain_id_extension text,
    p_expected_version   integer,
    p_payload            bytea)
RETURNS integer
LANGUAGE plpgsql
AS $fn$
DECLARE
    v_new_version integer;
BEGIN
    IF p_expected_version IS NULL THEN
        INSERT INTO orleans_grain_state
            (service_id, grain_id_hash, grain_id_n0, grain_id_n1, grain_type_hash, grain_type,
             grain_id_extension, payload, version)
        VALUES
            (p_service_id, p_grain_id_hash, p_grain_id_n0, p_grain_id_n1, p_grain_type_hash, p_grain_type,
             p_grain_id_extension, p_payload, 1)
        ON CONFLICT DO NOTHING
        RETURNING version INTO v_new_version;
    ELSE
        UPDATE orleans_grain_state
           SET payload = p_payload,
               version = orleans_next_version(version),
               modified_at = now()
         WHERE id = orleans_grain_state_id(p_service_id, p_grain_id_hash, p_grain_id_n0, p_grain_id_n1,
                                           p_grain_type_hash, p_grain_type, p_grain_id_extension)
           AND version = p_expected_version
        RETURNING version INTO v_new_version;
    END IF;
    RETURN v_new_version;
END
$fn$;

INSERT INTO orleansquery (querykey, querytext)
VALUES
    ('ReadFromStorageKey', $q$
SELECT payload AS "PayloadBinary", version AS "Version"
  FROM orleans_grain_state
 WHERE id = orleans_grain_state_id(@ServiceId, @GrainIdHash, @GrainIdN0, @GrainIdN1,
                                   @GrainTypeHash, @GrainTypeString, @GrainIdExtensionString)
$q$),
    ('WriteToStorageKey', $q$
SELECT orleans_grain_state_write(@ServiceId, @GrainIdHash, @GrainIdN0, @GrainIdN1,
                                 @GrainTypeHash, @GrainTypeString, @GrainIdExtensionString,
                                 @GrainStateVersion, @PayloadBinary) AS "NewGrainStateVersion"
$q$),
    -- Clearing keeps the row with a NULL payload and a new version (a write of "nothing"), so a
    -- stale activation still conflicts after the clear.
    ('ClearStorageKey', $q$
SELECT orleans_grain_state_write(@ServiceId, @GrainIdHash, @GrainIdN0, @GrainIdN1,
                                 @GrainTypeHash, @GrainTypeString, @GrainIdExtensionString,
                                 @GrainStateVersion, NULL) AS "NewGrainStateVersion"
$q$),
    -- DeleteStateOnClear: removes the row if the ETag is current. The provider needs a value that
    -- differs from the ETag it sent, hence the deleted row's next version; it then forgets the ETag.
    ('DeleteStorageKey', $q$
DELETE FROM orleans_grain_state
 WHERE id = orleans_grain_state_id(@ServiceId, @GrainIdHash, @GrainIdN0, @GrainIdN1,
                                   @GrainTypeHash, @GrainTypeString, @GrainIdExtensionString)
   AND version = @GrainStateVersion
RETURNING orleans_next_version(version) AS "NewGrainStateVersion"
$q$)
ON CONFLICT (querykey) DO UPDATE
   SET querytext = EXCLUDED.querytext
 WHERE orleansquery.querytext IS DISTINCT FROM EXCLUDED.querytext;
