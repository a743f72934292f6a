using System.Globalization;
using Hanan.Ops.Domain.Audit;

namespace Hanan.Ops.Storage.Audit;

/// <summary>
/// <c>hanan audit verify</c>: checks the audit log's hash chain in a PostgreSQL database and prints the result.
/// Exit code 0 when intact, 2 when a record was altered, deleted or reordered (the record is named).
/// </summary>
public static class AuditVerifyCommand
{
    public const int Intact = 0;
    public const int Broken = 2;

    public static async Task<int> RunAsync(string connectionString, TextWriter output, CancellationToken cancellationToken = default)
    {
        await using var store = new PostgresAuditStore(connectionString);
        var result = await store.VerifyAsync(cancellationToken);
        await output.WriteLineAsync(Describe(result));
        return result.IsIntact ? Intact : Broken;
    }

    public static string Describe(AuditVerification result) => result.IsIntact
        ? string.Create(CultureInfo.InvariantCulture,
            $"audit log intact: {result.RecordsChecked} records, {result.FirstSequence}..{result.LastSequence}, head {result.HeadHash}")
        : string.Create(CultureInfo.InvariantCulture, $"audit log BROKEN at record {result.BrokenAt} ({result.Break}): {result.Problem}");
}
