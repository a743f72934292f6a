-- 0001: database extensions.
--
-- PostGIS holds the district's geometry (boundaries, road segments, incident locations).
-- Creating it needs a role allowed to create extensions (superuser or database owner with
-- the extension's control file installed: Debian package postgresql-15-postgis-3).

CREATE EXTENSION IF NOT EXISTS postgis;
