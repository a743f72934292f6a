-- 0011: the streets and communities the unified grid nests in, by code and name.
--
-- A consolidation keeps the administrative units it was given (it never crosses a street or community border), so
-- their outlines are the unions of their unified grids and only codes and names need storing. Saving a consolidation
-- replaces these rows together with grid_unified and grid_crosswalk, in the same transaction.

CREATE TABLE IF NOT EXISTS grid_unified_street
(
    code text PRIMARY KEY CHECK (code ~ '^[0-9]{9}$'),
    name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100)
);

CREATE TABLE IF NOT EXISTS grid_unified_community
(
    code        text NOT NULL PRIMARY KEY CHECK (code ~ '^[0-9]{12}$'),
    name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    street_code text NOT NULL REFERENCES grid_unified_street (code) ON DELETE CASCADE,
    CHECK (left(code, 9) = street_code)
);
