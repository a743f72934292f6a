-- 0010: departmental grid layers, the unified grid (一格多用) and the crosswalk between them.
--
-- A department's layer is replaced as a whole by each import (one transaction). The unified grid and its
-- crosswalk are replaced as a whole by each consolidation. Geometry is WGS84 (SRID 4326); a CHECK keeps
-- invalid outlines out, so a broken feature fails the import instead of landing half-way.

CREATE TABLE IF NOT EXISTS grid_department_layer
(
    department  text        PRIMARY KEY CHECK (department ~ '^[a-z][a-z0-9-]{0,39}$'),
    name        text        NOT NULL,
    source      text        NULL,
    grid_count  integer     NOT NULL CHECK (grid_count > 0),
    imported_at timestamptz NOT NULL
);

CREATE TABLE IF NOT EXISTS grid_department_grid
(
    department text                          NOT NULL REFERENCES grid_department_layer (department) ON DELETE CASCADE,
    code       text                          NOT NULL CHECK (length(code) BETWEEN 1 AND 64),
    name       text                          NULL,
    boundary   geometry(MultiPolygon, 4326)  NOT NULL CHECK (ST_IsValid(boundary) AND NOT ST_IsEmpty(boundary)),
    PRIMARY KEY (department, code)
);

CREATE INDEX IF NOT EXISTS grid_department_grid_boundary_gix ON grid_department_grid USING gist (boundary);

CREATE TABLE IF NOT EXISTS grid_unified
(
    code           text                     PRIMARY KEY CHECK (code ~ '^[0-9]{15}$'),
    name           text                     NOT NULL,
    community_code text                     NOT NULL CHECK (community_code ~ '^[0-9]{12}$'),
    street_code    text                     NOT NULL CHECK (street_code ~ '^[0-9]{9}$'),
    boundary       geometry(Polygon, 4326)  NOT NULL CHECK (ST_IsValid(boundary)),
    households     integer                  NOT NULL CHECK (households >= 0),
    people         integer                  NOT NULL CHECK (people >= 0),
    area_m2        double precision         NOT NULL,
    consolidated_at timestamptz             NOT NULL,
    CHECK (left(code, 12) = community_code AND left(community_code, 9) = street_code)
);

CREATE INDEX IF NOT EXISTS grid_unified_boundary_gix ON grid_unified USING gist (boundary);

CREATE TABLE IF NOT EXISTS grid_crosswalk
(
    department      text             NOT NULL,
    department_code text             NOT NULL,
    unified_code    text             NOT NULL REFERENCES grid_unified (code) ON DELETE CASCADE,
    overlap_m2      double precision NOT NULL CHECK (overlap_m2 > 0),
    fraction        double precision NOT NULL CHECK (fraction > 0 AND fraction <= 1.000001),
    PRIMARY KEY (department, department_code, unified_code),
    FOREIGN KEY (department, department_code) REFERENCES grid_department_grid (department, code) ON DELETE CASCADE
);

CREATE INDEX IF NOT EXISTS grid_crosswalk_unified_idx ON grid_crosswalk (unified_code);
