using System.Security.Cryptography;
using System.Text;
using Hanan.Ops.Contracts.Appeals;
using Hanan.Ops.Domain.Appeals;
using Hanan.Ops.Domain.Geography;
using Hanan.Ops.Domain.Identity;

namespace Hanan.Ops.Host.Appeals;

/// <summary>
/// Turns an intake request into a validated, routed <see cref="FileAppeal"/>, or into field errors. Nothing is
/// stored until every field is good.
/// </summary>
public sealed class AppealIntake(RoutingTable routing, DistrictMap map)
{
    public const string IdempotencyHeader = "Idempotency-Key";

    public (FileAppeal? Appeal, Dictionary<string, string[]> Errors) Validate(FileAppealRequest request, string? headerKey, Actor filedBy)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        void Fail(string field, string? message)
        {
            if (message is not null)
            {
                errors[field] = [message];
            }
        }

        var key = headerKey ?? request.IdempotencyKey;
        if (headerKey is not null && request.IdempotencyKey is not null && headerKey != request.IdempotencyKey)
        {
            Fail("idempotencyKey", "The Idempotency-Key header and the idempotencyKey field differ.");
        }
        else
        {
            Fail("idempotencyKey", CaseIdentity.ValidateKey(key));
        }

        var category = request.Category is null ? null : routing.FindCategory(request.Category);
        if (string.IsNullOrWhiteSpace(request.Category))
        {
            Fail("category", "A category from the catalogue (GET /api/appeals/categories) is required.");
        }
        else if (category is null)
        {
            Fail("category", $"'{Truncate(request.Category)}' is not a category of the catalogue (GET /api/appeals/categories).");
        }

        Fail("description", AppealRules.CheckDescription(request.Description));
        Fail("address", AppealRules.CheckAddress(request.Address));
        Fail("photoRefs", AppealRules.CheckPhotoRefs(request.PhotoRefs));

        var channel = AppealChannel.Citizen;
        if (request.Channel is not null && !ChannelNames.TryParse(request.Channel, out channel))
        {
            Fail("channel", $"'{Truncate(request.Channel)}' is not a channel: use citizen, grid-worker, hotline or camera-alert.");
        }

        Contact? contact = null;
        if (request.Anonymous == true)
        {
            if (request.Contact is not null)
            {
                Fail("contact", "An anonymous appeal carries no contact details.");
            }
        }
        else if (request.Contact is not null)
        {
            Fail("contact.name", AppealRules.CheckContactName(request.Contact.Name));
            string? phone = null;
            if (request.Contact.Phone is not null)
            {
                if (MobilePhoneNumber.TryParse(request.Contact.Phone, out var parsed, out var phoneError))
                {
                    phone = parsed!.Value;
                }
                else
                {
                    Fail("contact.phone", phoneError);
                }
            }

            contact = new Contact(request.Contact.Name, phone);
        }

        var grid = LocateGrid(request, Fail);

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        var location = request.Latitude is { } lat && request.Longitude is { } lon
            ? new GeoPoint(lat, lon)
            : new GeoPoint(grid!.LabelPoint.Y, grid.LabelPoint.X);
        var photos = request.PhotoRefs?.Select(p => p!).ToList() ?? [];
        var appeal = new FileAppeal(
            key!,
            string.Empty,
            category!.Code,
            request.Description!.Trim(),
            location,
            request.Address?.Trim(),
            grid!.Code,
            grid.CommunityCode,
            grid.StreetCode,
            photos,
            contact,
            channel,
            filedBy);
        return (appeal with { Fingerprint = Fingerprint(appeal) }, errors);
    }

    private Grid? LocateGrid(FileAppealRequest request, Action<string, string?> fail)
    {
        var latError = AppealRules.CheckCoordinate(request.Latitude, 90, "latitude");
        var lonError = AppealRules.CheckCoordinate(request.Longitude, 180, "longitude");
        fail("latitude", latError);
        fail("longitude", lonError);
        if (latError is not null || lonError is not null)
        {
            return null;
        }

        if (request.Latitude.HasValue != request.Longitude.HasValue)
        {
            fail(request.Latitude.HasValue ? "longitude" : "latitude", "Latitude and longitude go together: give both or neither.");
            return null;
        }

        Grid? byCode = null;
        if (request.GridCode is not null)
        {
            byCode = map.FindGrid(request.GridCode);
            if (byCode is null)
            {
                fail("gridCode", $"'{Truncate(request.GridCode)}' is not a grid of district 230108.");
                return null;
            }
        }

        if (request.Latitude is { } lat && request.Longitude is { } lon)
        {
            var located = map.Locate(lat, lon);
            if (located is null)
            {
                fail("location", $"The point ({lat}, {lon}) lies outside Pingfang District (230108).");
                return null;
            }

            if (byCode is not null && byCode.Code != located.Code)
            {
                fail("gridCode", $"The point lies in grid {located.Code}, not in {byCode.Code}.");
                return null;
            }

            return located;
        }

        if (byCode is null)
        {
            fail("location", "A location is required: latitude and longitude inside the district, or a grid code.");
        }

        return byCode;
    }

    /// <summary>A digest of what the citizen asked for: a retry must carry the same, a reused key with other content is refused.</summary>
    private static string Fingerprint(FileAppeal a)
    {
        var text = string.Join('\u001f',
            a.CategoryCode, a.Description, a.Location.Latitude.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
            a.Location.Longitude.ToString("R", System.Globalization.CultureInfo.InvariantCulture), a.Address ?? "", a.GridCode,
            string.Join('\u001e', a.PhotoRefs), a.Contact?.Name ?? "", a.Contact?.Phone ?? "", a.Channel.ToString());
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }

    private static string Truncate(string text) => text.Length <= 64 ? text : text[..64] + "…";
}
