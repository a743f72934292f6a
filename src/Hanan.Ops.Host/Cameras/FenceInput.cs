using Hanan.Ops.Contracts.Cameras;
using Hanan.Ops.Domain.Cameras;

namespace Hanan.Ops.Host.Cameras;

/// <summary>Checks a fence request with the domain's rules before anything is stored.</summary>
internal static class FenceInput
{
    public static (FenceDefinition? Fence, Dictionary<string, string[]> Errors) Validate(string fenceId, FenceRequest? request)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        void Fail(string field, string message) => errors[field] = [message];
        if (fenceId is not { Length: > 0 and <= 64 } || !fenceId.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
        {
            Fail("fenceId", "A fence id is 1 to 64 letters, digits or hyphens.");
        }

        if (request is null)
        {
            Fail("body", "A fence is required.");
            return (null, errors);
        }

        if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Length > 64 || !FreeText.IsClean(request.Name))
        {
            Fail("name", "A name of 1 to 64 characters (no control characters) is required.");
        }

        var ring = request.Ring;
        if (ring is null || ring.Count < 4 || ring.Any(p => p is not { Length: 2 } || !double.IsFinite(p[0]) || !double.IsFinite(p[1])))
        {
            Fail("ring", "A closed ring of at least 4 [longitude, latitude] positions is required.");
        }
        else if (ring[0]![0] != ring[^1]![0] || ring[0]![1] != ring[^1]![1])
        {
            Fail("ring", "The ring must be closed: the last position repeats the first.");
        }
        else if (ring.Count > 1000)
        {
            Fail("ring", "At most 1000 positions.");
        }
        else if (ring.Any(p => p![0] is < -180 or > 180 || p[1] is < -90 or > 90))
        {
            // Checked before any geometry is built: extreme values make the topology checks overflow.
            Fail("ring", "Positions are [longitude, latitude]: longitude within ±180, latitude within ±90.");
        }

        if (request.DwellMinutes is < 1 or > 24 * 60)
        {
            Fail("dwellMinutes", "The dwell limit is between 1 and 1440 minutes.");
        }

        TimeOnly? from = null, until = null;
        if ((request.ActiveFrom is null) != (request.ActiveUntil is null))
        {
            Fail("activeFrom", "Hours go together: give activeFrom and activeUntil, or neither.");
        }
        else if (request.ActiveFrom is not null)
        {
            if (!TimeOnly.TryParseExact(request.ActiveFrom, "HH:mm", out var f))
            {
                Fail("activeFrom", "A time of day as HH:mm (Beijing time).");
            }
            else
            {
                from = f;
            }

            if (!TimeOnly.TryParseExact(request.ActiveUntil, "HH:mm", out var u))
            {
                Fail("activeUntil", "A time of day as HH:mm (Beijing time).");
            }
            else
            {
                until = u;
            }
        }

        if (request.OnEnter != true && request.OnExit != true && request.DwellMinutes is null)
        {
            Fail("onEnter", "A fence needs at least one rule: onEnter, onExit or dwellMinutes.");
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        var definition = new FenceDefinition(fenceId, request.Name!.Trim(), [.. ring!.Select(p => p!)], request.OnEnter == true, request.OnExit == true,
            request.DwellMinutes is { } m ? TimeSpan.FromMinutes(m) : null, from, until);
        try
        {
            if (Fence.CheckArea(definition.ToFence().Area) is { } areaError)
            {
                Fail("ring", areaError);
            }
        }
        catch (ArgumentException ex)
        {
            Fail("ring", ex.Message);
        }

        return errors.Count > 0 ? (null, errors) : (definition, errors);
    }
}
