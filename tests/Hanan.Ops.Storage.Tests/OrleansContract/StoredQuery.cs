using System.Data;
using Npgsql;

namespace Hanan.Ops.Storage.Tests.OrleansContract;

/// <summary>
/// Runs a statement from orleansquery the way the Orleans ADO.NET providers do: looked up by key,
/// parameters bound by name with a <see cref="DbType"/>, result columns read by name.
/// </summary>
internal static class StoredQuery
{
    public static async Task<List<Dictionary<string, object?>>> RunAsync(
        string connectionString, string key, params (string Name, object? Value, DbType Type)[] parameters)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();

        string text;
        await using (var lookup = new NpgsqlCommand("SELECT querytext FROM orleansquery WHERE querykey = @key", connection))
        {
            lookup.Parameters.AddWithValue("key", key);
            text = (string?)await lookup.ExecuteScalarAsync() ?? throw new InvalidOperationException($"No stored query '{key}'.");
        }

        await using var command = connection.CreateCommand();
        command.CommandText = text;
        foreach (var (name, value, type) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            parameter.DbType = type;
            command.Parameters.Add(parameter);
        }

        var rows = new List<Dictionary<string, object?>>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var row = new Dictionary<string, object?>();
            for (var i = 0; i < reader.FieldCount; i++)
            {
                row[reader.GetName(i)] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            rows.Add(row);
        }

        return rows;
    }

    public static (string, object?, DbType) Text(string name, string? value) => (name, value, DbType.String);

    public static (string, object?, DbType) Int(string name, int value) => (name, value, DbType.Int32);

    public static (string, object?, DbType) Long(string name, long value) => (name, value, DbType.Int64);

    public static (string, object?, DbType) Time(string name, DateTime utc) => (name, utc, DbType.DateTime);
}
