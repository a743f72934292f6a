using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Hanan.Ops.Domain.Audit;

namespace Hanan.Ops.Storage.Audit;

/// <summary>
/// The audit log for auditors' tools: NDJSON (one flat JSON object per record, exact) or CSV (RFC 4180, UTF-8 with a
/// byte-order mark for spreadsheets). In CSV a text cell that a spreadsheet would take for a formula (starting with
/// <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, a tab or a carriage return) is prefixed with <c>'</c>; NDJSON is the exact
/// record.
/// </summary>
public static class AuditExport
{
    private const int Page = 1_000;

    private static readonly string[] Columns =
        ["sequence", "at", "actor", "role", "action", "target", "source", "outcome", "detail", "previousHash", "hash", "keyId"];

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public sealed record ExportFormat(string Name, string ContentType);

    public static readonly ExportFormat Ndjson = new("ndjson", "application/x-ndjson");
    public static readonly ExportFormat Csv = new("csv", "text/csv; charset=utf-8");

    public static bool TryFormat(string? name, [NotNullWhen(true)] out ExportFormat? format)
    {
        format = (name ?? Ndjson.Name).ToUpperInvariant() switch
        {
            "NDJSON" => Ndjson,
            "CSV" => Csv,
            _ => null,
        };
        return format is not null;
    }

    /// <summary>Writes the records after <paramref name="after"/> up to <paramref name="until"/>, page by page.</summary>
    public static async Task WriteAsync(IAuditStore store, ExportFormat format, long after, long until, Stream body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(format);
        await using var writer = new StreamWriter(body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: format == Csv), bufferSize: 16 * 1024, leaveOpen: true);
        if (format == Csv)
        {
            await writer.WriteAsync(string.Join(',', Columns) + "\r\n");
        }

        while (after < until)
        {
            var page = await store.ReadAsync(after, Page, cancellationToken);
            foreach (var record in page.TakeWhile(r => r.Sequence <= until))
            {
                await writer.WriteAsync(format == Csv ? CsvLine(record) : NdjsonLine(record));
            }

            if (page.Count < Page || page[^1].Sequence >= until)
            {
                break;
            }

            after = page[^1].Sequence;
            await writer.FlushAsync(cancellationToken);
        }

        await writer.FlushAsync(cancellationToken);
    }

    public static string NdjsonLine(AuditRecord record) => JsonSerializer.Serialize(Flat(record), Json) + "\n";

    public static string CsvLine(AuditRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var e = record.Entry;
        string?[] cells =
        [
            record.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture), e.At.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            Text(e.Actor), Text(e.Role), Text(e.Action), Text(e.Target), Text(e.Source), e.Outcome.ToString(), Text(e.Detail),
            record.PreviousHash, record.Hash, record.KeyId,
        ];
        return string.Join(',', cells.Select(Quote)) + "\r\n";
    }

    /// <summary>A text cell a spreadsheet would evaluate is defused with a leading apostrophe.</summary>
    public static string? Text(string? cell) =>
        cell is { Length: > 0 } && cell[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + cell : cell;

    private static string Quote(string? cell) =>
        cell is null ? "" : cell.IndexOfAny([',', '"', '\r', '\n']) >= 0 || cell.Trim().Length != cell.Length
            ? "\"" + cell.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
            : cell;

    private static object Flat(AuditRecord r) => new
    {
        sequence = r.Sequence,
        at = r.Entry.At.UtcDateTime,
        actor = r.Entry.Actor,
        role = r.Entry.Role,
        action = r.Entry.Action,
        target = r.Entry.Target,
        source = r.Entry.Source,
        outcome = r.Entry.Outcome.ToString(),
        detail = r.Entry.Detail,
        previousHash = r.PreviousHash,
        hash = r.Hash,
        keyId = r.KeyId,
    };
}
