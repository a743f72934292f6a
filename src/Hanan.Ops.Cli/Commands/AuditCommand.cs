using System.CommandLine;
using System.Globalization;
using Hanan.Ops.Domain.Audit;
using Hanan.Ops.Storage.Audit;
using Spectre.Console;

namespace Hanan.Ops.Cli.Commands;

/// <summary>
/// <c>hanan audit verify</c>: checks the audit log (留痕) with the audit keys and against the anchors, and lists every
/// altered, missing, reordered, inserted or renumbered record, forged checkpoint or anchor line, unknown key id and
/// truncation. Exit 0 intact, 1 tampered, 2 bad usage (no key, no such anchor path), 3 failed environment.
/// </summary>
internal sealed class AuditCommand(CliContext context) : ICliCommand
{
    /// <summary>Environment variables for the key file, as the CLI's own and as the host's configuration key.</summary>
    public const string KeyFileVariable = "HANAN_AUDIT_KEY_FILE";
    public const string HostKeyFileVariable = "Hanan__Audit__KeyFile";

    /// <summary>Key ids (comma-separated) whose secrets are in <c>Hanan__Audit__Keys__{id}</c>, as the host reads them.</summary>
    public const string KeyIdsVariable = "HANAN_AUDIT_KEY_IDS";
    public const string HostCurrentKeyVariable = "Hanan__Audit__CurrentKeyId";

    public const string AnchorsVariable = "HANAN_AUDIT_ANCHORS";
    public const string HostAnchorsVariable = "Hanan__Audit__AnchorPath";

    internal static readonly Option<string?> KeyFileOption = new("--key-file", "-k")
    {
        Description = $"Audit key file, one '<key-id> <base64 secret>' per line (default: ${KeyFileVariable}, then ${HostKeyFileVariable}; "
            + $"or the keys in $Hanan__Audit__Keys__<id> for the ids in ${KeyIdsVariable} or ${HostCurrentKeyVariable})",
    };

    private static readonly Option<string?> AnchorsOption = new("--anchors", "-a")
    {
        Description = $"Anchor file or directory to check the log against (default: ${AnchorsVariable}, then ${HostAnchorsVariable}; none: no anchors)",
    };

    public Command Build()
    {
        var verify = new Command("verify",
            "Check the audit log with the audit keys and the anchors; list every tampered record, forged checkpoint or anchor, unknown key and truncation. "
            + "Exit 0 intact, 1 tampered, 2 bad usage (no key), 3 failed environment.")
        {
            KeyFileOption,
            AnchorsOption,
        };
        verify.SetAction(async (parse, ct) =>
        {
            var connection = context.ConnectionString(parse);
            var keys = Keys(parse);
            var anchors = Anchors(parse);
            var result = await AuditVerifyCommand.RunAsync(connection, keys, anchors, context.Console.Profile.Out.Writer, ct);
            return result == AuditVerifyCommand.Intact ? ExitCodes.Ok : ExitCodes.Problems;
        });
        return new Command("audit", "The tamper-evident audit log.") { verify, BuildExport() };
    }

    /// <summary>
    /// <c>hanan audit export --out file</c>: the log (a sequence range, up to the head when it starts) as NDJSON or CSV,
    /// like the auditor's <c>GET /api/audit/export</c>, recorded first as <c>audit.export</c> (keyed, so it needs the key).
    /// </summary>
    private Command BuildExport()
    {
        var output = new Option<FileInfo>("--out", "-o") { Description = "File to write (replaced if it exists)", Required = true };
        var format = new Option<string>("--format", "-f") { Description = "ndjson (default) or csv", DefaultValueFactory = _ => "ndjson" };
        var after = new Option<long>("--after") { Description = "Export the records after this sequence (default 0)" };
        var until = new Option<long?>("--until") { Description = "Export up to this sequence (default: the head)" };
        var export = new Command("export", "Write the audit log as NDJSON or CSV for auditors; the export itself is audited.")
        {
            output, format, after, until, KeyFileOption,
        };
        export.SetAction(async (parse, ct) =>
        {
            if (!AuditExport.TryFormat(parse.GetValue(format), out var exportFormat))
            {
                throw new UsageException("--format is ndjson or csv.");
            }

            var from = parse.GetValue(after);
            if (from < 0 || parse.GetValue(until) is < 0)
            {
                throw new UsageException("--after and --until are sequence numbers, 0 or more.");
            }

            var connection = context.ConnectionString(parse);
            var keys = Keys(parse);
            var file = parse.GetValue(output)!;
            await using var store = new PostgresAuditStore(connection, keys);
            var head = (await store.HeadAsync(ct)).Sequence;
            var to = Math.Min(parse.GetValue(until) ?? head, head);
            await store.AppendAsync(new AuditEntry(TimeProvider.System.GetUtcNow(), "cli:" + Environment.UserName, "operator", "audit.export", "audit_log",
                "hanan-cli@" + Environment.MachineName, AuditOutcome.Success,
                string.Create(CultureInfo.InvariantCulture, $"{exportFormat.Name}, records after {from} up to {to}, to {file.Name}")), ct);
            await using (var stream = new FileStream(file.FullName, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                await AuditExport.WriteAsync(store, exportFormat, from, to, stream, ct);
            }

            context.Console.MarkupLineInterpolated($"exported the audit records after {from} up to {to} to [bold]{file.FullName}[/] ({exportFormat.Name})");
            return ExitCodes.Ok;
        });
        return export;
    }

    internal AuditKeyRing Keys(ParseResult parse)
    {
        var file = First(parse.GetValue(KeyFileOption), context.Variable(KeyFileVariable), context.Variable(HostKeyFileVariable));
        if (file is not null && !File.Exists(file))
        {
            throw new UsageException($"no audit key file at {file}.");
        }

        var ids = First(context.Variable(KeyIdsVariable), context.Variable(HostCurrentKeyVariable))?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];
        var fromEnvironment = ids.Select(id => KeyValuePair.Create(id, context.Variable($"Hanan__Audit__Keys__{id}")));
        try
        {
            return AuditKeyLoader.Load(fromEnvironment, file is null ? ids.LastOrDefault() : null, file)
                ?? throw new UsageException($"no audit key: pass --key-file or set {KeyFileVariable} (the hosts' key file), or {KeyIdsVariable} with Hanan__Audit__Keys__<id>.");
        }
        catch (InvalidDataException e)
        {
            throw new UsageException($"the audit keys cannot be used: {e.Message}");
        }
    }

    private string? Anchors(ParseResult parse)
    {
        var path = First(parse.GetValue(AnchorsOption), context.Variable(AnchorsVariable), context.Variable(HostAnchorsVariable));
        return path is null || AuditAnchorFile.Exists(path) ? path : throw new UsageException($"no anchor file or directory at {path}.");
    }

    private static string? First(params string?[] values) => values.FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));
}
