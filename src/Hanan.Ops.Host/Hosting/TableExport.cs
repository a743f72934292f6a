using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using MiniExcelLibs;

namespace Hanan.Ops.Host.Hosting;

/// <summary>The two formats a table is exported in: an Excel workbook and CSV.</summary>
public enum ExportFormat
{
    Xlsx,
    Csv,
}

/// <summary>
/// Writes a table (Chinese column headers, one row per item) as .xlsx (MiniExcel) or as CSV (RFC 4180, UTF-8 with a
/// byte-order mark so that Excel opens the Chinese text correctly). Values are strings, numbers or dates as they are.
/// </summary>
public static class TableExport
{
    public const string XlsxContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    public const string CsvContentType = "text/csv; charset=utf-8";

    public static bool TryParse(string? text, out ExportFormat format)
    {
        format = text switch
        {
            "xlsx" => ExportFormat.Xlsx,
            "csv" => ExportFormat.Csv,
            _ => (ExportFormat)(-1),
        };
        return Enum.IsDefined(format);
    }

    public static FileContentHttpResult File(ExportFormat format, string baseName, IReadOnlyList<string> headers, IEnumerable<object?[]> rows)
    {
        ArgumentNullException.ThrowIfNull(headers);
        var extension = format == ExportFormat.Xlsx ? "xlsx" : "csv";
        var bytes = format == ExportFormat.Xlsx ? Xlsx(headers, rows) : Csv(headers, rows);
        return TypedResults.File(bytes, format == ExportFormat.Xlsx ? XlsxContentType : CsvContentType, $"{baseName}.{extension}");
    }

    private static byte[] Xlsx(IReadOnlyList<string> headers, IEnumerable<object?[]> rows)
    {
        var sheet = rows.Select(row =>
        {
            var line = new Dictionary<string, object?>(headers.Count, StringComparer.Ordinal);
            for (var i = 0; i < headers.Count; i++)
            {
                line[headers[i]] = i < row.Length ? Cell(row[i]) : null;
            }

            return (IDictionary<string, object?>)line;
        }).ToList();
        if (sheet.Count == 0)
        {
            // MiniExcel writes no header row for an empty sequence: one row of empty cells keeps the headers.
            sheet.Add(headers.ToDictionary(h => h, _ => (object?)null, StringComparer.Ordinal));
        }

        using var buffer = new MemoryStream();
        buffer.SaveAs(sheet, sheetName: "Sheet1", excelType: ExcelType.XLSX);
        return buffer.ToArray();
    }

    private static object? Cell(object? value) => value switch
    {
        DateTimeOffset t => t.ToOffset(TimeSpan.FromHours(8)).DateTime,
        _ => value,
    };

    private static byte[] Csv(IReadOnlyList<string> headers, IEnumerable<object?[]> rows)
    {
        var text = new StringBuilder();
        Line(text, headers.Cast<object?>().ToArray());
        foreach (var row in rows)
        {
            Line(text, row);
        }

        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text.ToString())];
    }

    private static void Line(StringBuilder text, object?[] cells)
    {
        for (var i = 0; i < cells.Length; i++)
        {
            if (i > 0)
            {
                text.Append(',');
            }

            var cell = cells[i] switch
            {
                null => "",
                DateTimeOffset t => t.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
                double d => d.ToString("0.####", CultureInfo.InvariantCulture),
                IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
                var other => other.ToString() ?? "",
            };

            // A cell that starts like a formula is prefixed, so a spreadsheet never evaluates text from a resident.
            if (cell.Length > 0 && cell[0] is '=' or '+' or '-' or '@' && cells[i] is string)
            {
                cell = "'" + cell;
            }

            if (cell.AsSpan().IndexOfAny(",\"\r\n") >= 0)
            {
                cell = "\"" + cell.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
            }

            text.Append(cell);
        }

        text.Append("\r\n");
    }
}
