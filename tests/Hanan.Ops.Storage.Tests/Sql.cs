using Npgsql;

namespace Hanan.Ops.Storage.Tests;

/// <summary>Small query helpers for assertions against a test database.</summary>
internal static class Sql
{
    public static async Task<List<T>> ListAsync<T>(string connectionString, string sql, Func<NpgsqlDataReader, T> read)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<T>();
        while (await reader.ReadAsync())
        {
            rows.Add(read(reader));
        }

        return rows;
    }

    public static async Task<T> ScalarAsync<T>(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    public static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>
    /// What the schema consists of: our relations (with their OIDs, so a drop-and-recreate shows),
    /// columns, indexes, constraints, our functions (OID and definition digest), extensions, the
    /// stored Orleans queries and the migration journal. Objects owned by extensions are left out.
    /// </summary>
    public static Task<List<string>> CatalogueAsync(string connectionString) => ListAsync(connectionString, """
        SELECT 'relation ' || c.oid || ' ' || c.relname || ' ' || c.relkind::text
          FROM pg_class AS c
         WHERE c.relnamespace = 'public'::regnamespace
        UNION ALL
        SELECT 'column ' || table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable
               || ' ' || coalesce(column_default, '')
          FROM information_schema.columns
         WHERE table_schema = 'public'
        UNION ALL
        SELECT 'index ' || indexname || ' ' || indexdef
          FROM pg_indexes
         WHERE schemaname = 'public'
        UNION ALL
        SELECT 'constraint ' || conrelid::regclass || ' ' || conname || ' ' || pg_get_constraintdef(oid)
          FROM pg_constraint
         WHERE connamespace = 'public'::regnamespace
        UNION ALL
        SELECT 'function ' || p.oid || ' ' || p.oid::regprocedure || ' ' || md5(pg_get_functiondef(p.oid))
          FROM pg_proc AS p
         WHERE p.pronamespace = 'public'::regnamespace
           AND NOT EXISTS (SELECT 1 FROM pg_depend AS d
                            WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e')
        UNION ALL
        SELECT 'extension ' || extname || ' ' || extversion
          FROM pg_extension
        UNION ALL
        SELECT 'query ' || querykey || ' ' || md5(querytext)
          FROM orleansquery
        UNION ALL
        SELECT 'migration ' || version || ' ' || name || ' ' || checksum || ' ' || applied_at
          FROM schema_migrations
        ORDER BY 1
        """, r => r.GetString(0));
}
