namespace Hanan.Ops.Storage.Schema;

/// <summary>What one <see cref="SchemaMigrator.MigrateAsync"/> run did.</summary>
/// <param name="Applied">Versions applied by this run, in order.</param>
/// <param name="Skipped">Versions found already applied (with an unchanged checksum), in order.</param>
public sealed record MigrationReport(IReadOnlyList<int> Applied, IReadOnlyList<int> Skipped);
