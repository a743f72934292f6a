using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Hanan.Ops.Contracts.Appeals;
using Hanan.Ops.Contracts.Open311;
using Hanan.Ops.Domain.Appeals;
using Hanan.Ops.Domain.Audit;
using Hanan.Ops.Domain.Privacy;
using Hanan.Ops.Grains;
using Hanan.Ops.Host.Appeals;
using Hanan.Ops.Host.Audit;
using Hanan.Ops.Storage.Delivery;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Hanan.Ops.Host.Open311;

/// <summary>What the Open311 handlers use, bound with [AsParameters].</summary>
public sealed record Open311Services(
    IGrainFactory Grains,
    RoutingTable Routing,
    AppealIntake Intake,
    AppealFiling Filing,
    ICaseReadModel Cases,
    CaseProjection Projection,
    AuditTrail Audit,
    DistrictClock Clock,
    Open311ClientLimiter Limiter,
    ICaseDeliveryStore Deliveries,
    IOptions<Open311Options> Options);

/// <summary>
/// Open311 GeoReport v2 (https://wiki.open311.org/GeoReport_v2), with FixMyStreet's <c>servicerequestupdates</c>
/// extension. Services are the appeal categories; a service request is an appeal filed on the one intake path (same
/// validation, idempotency, routing, durability). Every resource answers in XML or JSON by its extension, and errors
/// in the spec's <c>errors</c> format. Reading requests needs an API key as filing does: appeals are not public records
/// here, and what is read is the public trace with personal numbers masked, audited per read.
/// </summary>
public static class Open311Endpoints
{
    public const string Prefix = "/open311/v2";
    public const string ClientActorPrefix = "open311:";
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 100;
    public const int MaxIdsPerQuery = 50;
    private static readonly TimeSpan DefaultRequestWindow = TimeSpan.FromDays(90);
    private static readonly TimeSpan DefaultUpdateWindow = TimeSpan.FromDays(1);

    public static IEndpointRouteBuilder MapOpen311Endpoints(this IEndpointRouteBuilder app)
    {
        var v2 = app.MapGroup(Prefix).WithTags("Open311").AllowAnonymous();
        v2.MapGet("/discovery.{format}", Discovery).WithSummary("Open311 service discovery");
        v2.MapGet("/services.{format}", Services).WithSummary("GeoReport v2: the service list (the appeal categories)");
        v2.MapGet("/services/{code}.{format}", ServiceDefinition).WithSummary("GeoReport v2: a service definition with its attributes");
        v2.MapPost("/requests.{format}", PostRequest).DisableAntiforgery()
            .WithSummary("GeoReport v2: file a service request (an appeal), form-encoded, with the client's api_key")
            .WithDescription("Idempotent: an Idempotency-Key header (or, without one, the exact same form) files one case however often it is posted.");
        v2.MapGet("/requests.{format}", GetRequests).WithSummary("GeoReport v2: service requests, filtered, paged by a Link header");
        v2.MapGet("/requests/{id}.{format}", GetRequest).WithSummary("GeoReport v2: one service request");
        v2.MapGet("/tokens/{token}.{format}", GetToken).WithSummary("GeoReport v2: the service request filed under a token (the client's Idempotency-Key)");
        v2.MapGet("/servicerequestupdates.{format}", GetUpdates).WithSummary("FixMyStreet extension: public updates of service requests in a period");
        v2.MapPost("/servicerequestupdates.{format}", PostUpdate).DisableAntiforgery()
            .WithSummary("FixMyStreet extension: the filer's update of a request it filed (诉求人补充说明)");
        return app;
    }

    internal static IResult Discovery(string format, [AsParameters] Open311Services s, HttpContext http)
    {
        if (!Open311Document.TryParseFormat(format, out var f))
        {
            return UnknownFormat(format);
        }

        var o = s.Options.Value;
        var url = $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}{Prefix}";
        return new Open311Result(new Open311Element("discovery",
        [
            new("changeset", Open311Document.W3cDate(o.Changeset)),
            new("contact", o.Contact),
            new("key_service", o.KeyService),
            new("endpoints", new Open311List("endpoints", "endpoint",
            [
                new Open311Element("endpoint",
                [
                    new("specification", "http://wiki.open311.org/GeoReport_v2"),
                    new("url", url),
                    new("changeset", Open311Document.W3cDate(o.Changeset)),
                    new("type", o.EndpointType),
                    new("formats", new Open311Values("format", ["text/xml", "application/json"])),
                ]),
            ])),
        ]), f);
    }

    internal static IResult Services(string format, [AsParameters] Open311Services s)
    {
        if (!Open311Document.TryParseFormat(format, out var f))
        {
            return UnknownFormat(format);
        }

        return new Open311Result(new Open311List("services", "service", [.. s.Routing.Categories.Select(c => new Open311Element("service",
        [
            new("service_code", c.Code),
            new("service_name", c.Name),
            new("description", ServiceDescription(c, s.Routing)),
            new("metadata", c.Attributes.Count > 0),
            new("type", "realtime"),
            new("keywords", c.Emergency ? "紧急" : null),
            new("group", s.Routing.FindBureau(c.LeadBureau)?.Name),
        ]))]), f);
    }

    internal static IResult ServiceDefinition(string code, string format, [AsParameters] Open311Services s)
    {
        if (!Open311Document.TryParseFormat(format, out var f))
        {
            return UnknownFormat(format);
        }

        if (s.Routing.FindCategory(code) is not { } category)
        {
            return Open311Result.Error(f, StatusCodes.Status404NotFound, $"service_code '{Cut(code)}' is not a service of district 230108.");
        }

        return new Open311Result(new Open311Element("service_definition",
        [
            new("service_code", category.Code),
            new("attributes", new Open311List("attributes", "attribute", [.. category.Attributes.Select(a => new Open311Element("attribute",
            [
                new("variable", true),
                new("code", a.Code),
                new("datatype", CategoryAttributes.Name(a.Datatype)),
                new("required", a.Required),
                new("datatype_description", a.DatatypeDescription),
                new("order", a.Order),
                new("description", a.Description),
                new("values", new Open311List("values", "value", [.. a.Values.Select(v => new Open311Element("value", [new("key", v.Key), new("name", v.Name)]))])),
            ]))])),
        ]), f);
    }

    internal static async Task<IResult> PostRequest(
        string format, [FromHeader(Name = AppealIntake.IdempotencyHeader)] string? idempotencyKey, [AsParameters] Open311Services s, HttpContext http)
    {
        var (f, form, client, refused) = await PostedAsync(format, s, http);
        if (client is null)
        {
            return refused!;
        }

        var errors = new List<string>();
        var serviceCode = Value(form, "service_code");
        var category = serviceCode is null ? null : s.Routing.FindCategory(serviceCode);
        string? description = Value(form, "description");
        if (category is not null)
        {
            var (lines, attributeErrors) = CategoryAttributes.Answer(category.Attributes, Attributes(form));
            errors.AddRange(attributeErrors.Select(e => $"attribute[{e.Key}]: {e.Value}"));
            if (lines is not null && !string.IsNullOrWhiteSpace(description))
            {
                description = description.TrimEnd() + "\n" + lines;
            }
        }

        var lat = Number(form, "lat", errors);
        var lon = Number(form, "long", errors);
        if (lat is null && lon is null && Value(form, "address_id") is null && Value(form, "address_string") is not null)
        {
            errors.Add("address_string: an address alone cannot be placed; give lat and long (WGS 84) or address_id (the grid code).");
        }

        string? key;
        if (idempotencyKey is not null)
        {
            key = ValidClientKey(idempotencyKey) ? idempotencyKey : null;
            if (key is null)
            {
                errors.Add("Idempotency-Key: 8 to 64 letters, digits or - _ . : are required.");
            }
        }
        else
        {
            key = FormKey(form);
        }

        var name = string.Concat(Value(form, "last_name"), Value(form, "first_name"));
        var phone = Value(form, "phone");
        var media = Value(form, "media_url");
        var request = new FileAppealRequest(
            serviceCode, description, lat, lon, Value(form, "address_id"), Value(form, "address_string"),
            media is null ? null : [media],
            name.Length == 0 && phone is null ? null : new ContactRequest(name.Length == 0 ? null : name, phone),
            Anonymous: null, Channel: null, IdempotencyKey: key is null ? null : ScopedKey(client, key));
        var (appeal, intakeErrors) = s.Intake.Validate(request, null, ClientActor(client));
        errors.AddRange(intakeErrors.Where(e => !(key is null && e.Key == "idempotencyKey")).Select(e => $"{FieldName(e.Key)}: {e.Value[0]}"));
        if (errors.Count > 0 || appeal is null)
        {
            return Open311Result.Errors(f, StatusCodes.Status400BadRequest, errors);
        }

        var attempt = await s.Filing.FileAsync(appeal, http, limitedPerAddress: false);
        if (attempt.Refused is { } tooMany)
        {
            var status = tooMany.StatusCode;
            return Open311Result.Error(f, status, tooMany.ProblemDetails.Title ?? "Not filed now; retry later with the same key.")
                .With("Retry-After", http.Response.Headers.RetryAfter.ToString() is { Length: > 0 } retry ? retry : "1");
        }

        var outcome = attempt.Outcome!;
        var view = outcome.Case;
        if (outcome.Result == FilingResult.KeyReused)
        {
            return Open311Result.Error(f, StatusCodes.Status409Conflict,
                $"Idempotency-Key: already used for request {view.Id} with other content. Use a new key for a new request.");
        }

        var answer = new Open311Result(new Open311List("service_requests", "request",
        [
            new Open311Element("request",
            [
                new("service_request_id", view.Id.ToString()),
                new("service_notice", ServiceNotice(view, s.Routing)),
                new("account_id", null),
            ]),
        ]), f, outcome.Result == FilingResult.Created ? StatusCodes.Status201Created : StatusCodes.Status200OK)
            .With("Location", $"{Prefix}/requests/{view.Id}.{format}");
        return outcome.Result == FilingResult.Replayed ? answer.With("Idempotent-Replayed", "true") : answer;
    }

    internal static async Task<IResult> GetRequests(string format, [AsParameters] Open311Services s, HttpContext http)
    {
        var q = http.Request.Query;
        var (f, client, refused) = await AuthenticatedAsync(format, q["api_key"], s, http);
        if (client is null)
        {
            return refused!;
        }

        var errors = new List<string>();
        List<CaseView> views;
        string? next = null;
        if (q["service_request_id"].ToString() is { Length: > 0 } idList)
        {
            // The spec: with service_request_id, every other parameter is ignored.
            var ids = new List<Guid>();
            foreach (var part in idList.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                if (Guid.TryParse(part, out var id))
                {
                    ids.Add(id);
                }
                else
                {
                    errors.Add($"service_request_id: '{Cut(part)}' is not a service request id.");
                }
            }

            if (ids.Count > MaxIdsPerQuery)
            {
                errors.Add($"service_request_id: at most {MaxIdsPerQuery} ids at once.");
            }

            if (errors.Count > 0)
            {
                return Open311Result.Errors(f, StatusCodes.Status400BadRequest, errors);
            }

            views = await ViewsAsync(ids.Distinct(), s);
        }
        else
        {
            var query = RequestQuery(q, s, errors);
            if (errors.Count > 0 || query is null)
            {
                return Open311Result.Errors(f, StatusCodes.Status400BadRequest, errors);
            }

            CasePage page;
            try
            {
                page = await s.Cases.QueryAsync(query, http.RequestAborted);
            }
            catch (ArgumentException)
            {
                return Open311Result.Error(f, StatusCodes.Status400BadRequest, "page_token: not a page token of this list.");
            }

            views = await ViewsAsync(page.Items.Select(i => i.Id), s);
            next = page.NextCursor;
        }

        await s.Audit.RecordAsync(http, "open311.requests.read", client.Id, AuditOutcome.Success, $"{views.Count} requests, public trace, masked");
        var result = new Open311Result(new Open311List("service_requests", "request", [.. views.Select(v => RequestElement(v, s))]), f);
        return next is null ? result : result.With("Link", $"<{NextPage(http, next)}>; rel=\"next\"");
    }

    internal static async Task<IResult> GetRequest(string id, string format, [AsParameters] Open311Services s, HttpContext http)
    {
        var (f, client, refused) = await AuthenticatedAsync(format, http.Request.Query["api_key"], s, http);
        if (client is null)
        {
            return refused!;
        }

        var view = Guid.TryParse(id, out var caseId) ? await s.Grains.GetGrain<ICaseGrain>(caseId).Get() : null;
        if (view is null)
        {
            return Open311Result.Error(f, StatusCodes.Status404NotFound, $"No service request has id '{Cut(id)}'.");
        }

        await s.Audit.RecordAsync(http, "open311.request.read", view.Id.ToString(), AuditOutcome.Success, $"client {client.Id}, public trace, masked");
        return new Open311Result(new Open311List("service_requests", "request", [RequestElement(view, s)]), f);
    }

    internal static async Task<IResult> GetToken(string token, string format, [AsParameters] Open311Services s, HttpContext http)
    {
        var (f, client, refused) = await AuthenticatedAsync(format, http.Request.Query["api_key"], s, http);
        if (client is null)
        {
            return refused!;
        }

        // The token is the key the client filed under: its own requests only, as the key is scoped to the client.
        var id = ValidClientKey(token) ? CaseIdentity.FromIdempotencyKey(ScopedKey(client, token)) : (Guid?)null;
        if (id is null || await s.Cases.GetAsync(id.Value, http.RequestAborted) is null)
        {
            return Open311Result.Error(f, StatusCodes.Status404NotFound, $"No service request was filed by this client under token '{Cut(token)}'.");
        }

        return new Open311Result(new Open311List("service_requests", "request",
            [new Open311Element("request", [new("service_request_id", id.Value.ToString()), new("token", token)])]), f);
    }

    internal static async Task<IResult> GetUpdates(string format, [AsParameters] Open311Services s, HttpContext http)
    {
        var q = http.Request.Query;
        var (f, client, refused) = await AuthenticatedAsync(format, q["api_key"], s, http);
        if (client is null)
        {
            return refused!;
        }

        var errors = new List<string>();
        var end = Date(q["end_date"], "end_date", errors) ?? s.Clock.Now;
        var start = Date(q["start_date"], "start_date", errors) ?? end - DefaultUpdateWindow;
        var size = PageSize(q["page_size"], errors);
        if (start > end)
        {
            errors.Add("start_date: after end_date.");
        }

        if (errors.Count > 0)
        {
            return Open311Result.Errors(f, StatusCodes.Status400BadRequest, errors);
        }

        CasePage page;
        try
        {
            page = await s.Cases.QueryAsync(new CaseQuery(UpdatedFrom: start, UpdatedTo: end.AddTicks(TimeSpan.TicksPerMillisecond), Limit: size, After: Value(q["page_token"])), http.RequestAborted);
        }
        catch (ArgumentException)
        {
            return Open311Result.Error(f, StatusCodes.Status400BadRequest, "page_token: not a page token of this list.");
        }

        var updates = new List<Open311Element>();
        foreach (var view in await ViewsAsync(page.Items.Select(i => i.Id), s))
        {
            updates.AddRange(s.Projection.PublicTrace(view)
                .Where(p => p.Entry.At >= start && p.Entry.At <= end)
                .Select(p => UpdateElement(view, p.Entry, p.Sentence)));
        }

        await s.Audit.RecordAsync(http, "open311.updates.read", client.Id, AuditOutcome.Success, $"{updates.Count} updates of {page.Items.Count} requests, public trace, masked");
        var result = new Open311Result(new Open311List("service_request_updates", "request_update", updates), f);
        return page.NextCursor is null ? result : result.With("Link", $"<{NextPage(http, page.NextCursor)}>; rel=\"next\"");
    }

    internal static async Task<IResult> PostUpdate(string format, [AsParameters] Open311Services s, HttpContext http)
    {
        var (f, form, client, refused) = await PostedAsync(format, s, http);
        if (client is null)
        {
            return refused!;
        }

        if (client.IsBureauSystem)
        {
            return await BureauUpdateAsync(client, form, f, s, http);
        }

        var errors = new List<string>();
        var requestId = Value(form, "service_request_id");
        var updateId = Value(form, "update_id");
        var description = Value(form, "description");
        if (!Guid.TryParse(requestId, out var caseId))
        {
            errors.Add("service_request_id: the id of a service request this client filed is required.");
        }

        if (updateId is null || !ValidClientKey(updateId.PadLeft(8, '0')))
        {
            errors.Add("update_id: the client's id of the update (1 to 64 letters, digits or - _ . :) is required.");
        }

        if (string.IsNullOrWhiteSpace(description))
        {
            errors.Add("description: the text of the update is required.");
        }

        if (errors.Count > 0)
        {
            return Open311Result.Errors(f, StatusCodes.Status400BadRequest, errors);
        }

        var grain = s.Grains.GetGrain<ICaseGrain>(caseId);
        var view = await grain.Get();
        if (view is null)
        {
            return Open311Result.Error(f, StatusCodes.Status404NotFound, $"No service request has id '{Cut(requestId!)}'.");
        }

        var actor = ClientActor(client);
        if (view.Timeline.Count == 0 || view.Timeline[0].Actor.Id != actor.Id)
        {
            await s.Audit.RecordAsync(http, "open311.update", view.Id.ToString(), AuditOutcome.Denied, $"client {client.Id} did not file it");
            return Open311Result.Error(f, StatusCodes.Status403Forbidden, "service_request_id: only the client that filed a request may post updates to it.");
        }

        var text = Value(form, "status") is { } status && status.ToUpperInvariant() is "CLOSED" or "FIXED"
            ? $"【诉求人反馈问题已解决】{description!.Trim()}"
            : description!.Trim();
        var result = await grain.Supplement(actor.Id, text, $"{client.Id}:{updateId}");
        if (!result.Accepted)
        {
            var code = result.InvalidInput ? StatusCodes.Status400BadRequest : StatusCodes.Status409Conflict;
            return Open311Result.Error(f, code, $"{(result.InvalidInput ? "description" : "service_request_id")}: {result.Message}");
        }

        var entry = result.Case!.Timeline.LastOrDefault(e => e.Action == "citizen-supplemented" && e.Description.EndsWith(text, StringComparison.Ordinal))
            ?? result.Case.Timeline[^1];
        return new Open311Result(new Open311List("service_request_updates", "request_update",
            [new Open311Element("request_update", [new("update_id", UpdateId(view.Id, entry.Sequence))])]), f);
    }

    /// <summary>
    /// An update from a bureau's own system about a case delivered to it (by our id or the id it gave the case):
    /// progress (<c>OPEN</c>, <c>IN_PROGRESS</c>, <c>INVESTIGATING</c>, <c>ACTION_SCHEDULED</c>) claims the bureau's
    /// part for the system if nobody has and adds a public progress note, once per <c>update_id</c>; <c>FIXED</c> or
    /// <c>CLOSED</c> resolves the case (the lead) or reports the bureau's part (a co-handler).
    /// </summary>
    private static async Task<IResult> BureauUpdateAsync(Open311Client client, IFormCollection form, Open311Format f, Open311Services s, HttpContext http)
    {
        var bureau = client.BureauId!;
        var errors = new List<string>();
        var requestId = Value(form, "service_request_id");
        var updateId = Value(form, "update_id");
        var description = Value(form, "description");
        var status = Value(form, "status")?.ToUpperInvariant();
        Guid? caseId = Guid.TryParse(requestId, out var ours) ? ours
            : requestId is null ? null
            : (await s.Deliveries.FindByRemoteIdAsync(bureau, requestId, http.RequestAborted))?.CaseId;
        if (caseId is null)
        {
            errors.Add($"service_request_id: '{Cut(requestId ?? "")}' is neither a case id nor the id this system gave a case delivered to it.");
        }

        if (updateId is null || !ValidClientKey(updateId.PadLeft(8, '0')))
        {
            errors.Add("update_id: the system's id of the update (1 to 64 letters, digits or - _ . :) is required.");
        }

        if (string.IsNullOrWhiteSpace(description))
        {
            errors.Add("description: the text of the update is required.");
        }

        var finishing = status is "FIXED" or "CLOSED";
        if (!finishing && status is not ("OPEN" or "IN_PROGRESS" or "INVESTIGATING" or "ACTION_SCHEDULED"))
        {
            errors.Add($"status: '{Cut(status ?? "")}' is not OPEN, IN_PROGRESS, INVESTIGATING, ACTION_SCHEDULED, FIXED or CLOSED.");
        }

        if (errors.Count > 0)
        {
            return Open311Result.Errors(f, StatusCodes.Status400BadRequest, errors);
        }

        var grain = s.Grains.GetGrain<ICaseGrain>(caseId!.Value);
        var view = await grain.Get();
        var part = view?.Assignments.FirstOrDefault(a => a.BureauId == bureau && a.Status != AssignmentStatus.Returned);
        if (view is null || part is null)
        {
            await s.Audit.RecordAsync(http, "open311.update", caseId.Value.ToString(), AuditOutcome.Denied, $"system {client.Id} of {bureau} has no part in it");
            return Open311Result.Error(f, view is null ? StatusCodes.Status404NotFound : StatusCodes.Status403Forbidden,
                $"service_request_id: the case is not {bureau}'s.");
        }

        var officer = ClientActor(client).Id;
        if (part.Status == AssignmentStatus.Open)
        {
            var claimed = await grain.Claim(bureau, officer);
            if (!claimed.Accepted)
            {
                return Open311Result.Error(f, StatusCodes.Status409Conflict, $"service_request_id: {claimed.Message}");
            }
        }
        else if (part.ClaimedBy is { } holder && holder != officer && part.DoneAt is null)
        {
            return Open311Result.Error(f, StatusCodes.Status409Conflict,
                "service_request_id: an officer holds the bureau's part in the district's system; post the update there or have them hand it back.");
        }

        CaseActionResult result;
        if (!finishing)
        {
            result = await grain.ExternalNote(bureau, officer, description!.Trim(), $"{client.Id}:{updateId}");
        }
        else if (part.DoneAt is not null)
        {
            result = new CaseActionResult(view, null, null, false, null); // already finished: a redelivered update
        }
        else
        {
            result = part.Role == AssignmentRole.Lead
                ? await grain.Resolve(bureau, officer, description!.Trim())
                : await grain.Report(bureau, officer, description!.Trim());
        }

        if (!result.Accepted)
        {
            var code = result.InvalidInput ? StatusCodes.Status400BadRequest : StatusCodes.Status409Conflict;
            return Open311Result.Error(f, code, $"{(result.InvalidInput ? "description" : "status")}: {result.Message}");
        }

        var entry = result.Case!.Timeline.LastOrDefault(e => e.Actor.Id == officer) ?? result.Case.Timeline[^1];
        return new Open311Result(new Open311List("service_request_updates", "request_update",
            [new Open311Element("request_update", [new("update_id", UpdateId(view.Id, entry.Sequence))])]), f);
    }

    /// <summary>A request as a client reads it: the public trace, the category and unit, personal numbers masked, no contact.</summary>
    private static Open311Element RequestElement(CaseView view, Open311Services s)
    {
        var category = s.Routing.FindCategory(view.CategoryCode);
        var notes = s.Projection.PublicTrace(view).Select(p => p.Sentence).LastOrDefault();
        return new("request",
        [
            new("service_request_id", view.Id.ToString()),
            new("status", IsClosed(view.Status) ? "closed" : "open"),
            new("status_notes", notes is null ? null : FreeTextMasking.Mask(notes)),
            new("service_name", category?.Name ?? view.CategoryCode),
            new("service_code", view.CategoryCode),
            new("description", FreeTextMasking.Mask(view.Description)),
            new("agency_responsible", s.Routing.FindBureau(view.LeadBureau)?.Name ?? view.LeadBureau),
            new("service_notice", ServiceNotice(view, s.Routing)),
            new("requested_datetime", view.FiledAt),
            new("updated_datetime", view.Timeline.Count > 0 ? view.Timeline[^1].At : view.FiledAt),
            new("expected_datetime", view.Deadlines.ResolveDue),
            new("address", view.Address is null ? null : FreeTextMasking.Mask(view.Address)),
            new("address_id", view.GridCode),
            new("zipcode", null),
            new("lat", view.Location.Latitude),
            new("long", view.Location.Longitude),
            new("media_url", view.PhotoRefs.FirstOrDefault(IsWebAddress)),
        ]);
    }

    private static Open311Element UpdateElement(CaseView view, TimelineEntry entry, string sentence) => new("request_update",
    [
        new("update_id", UpdateId(view.Id, entry.Sequence)),
        new("service_request_id", view.Id.ToString()),
        new("status", UpdateStatus(entry.StatusAfter)),
        new("updated_datetime", entry.At),
        new("description", FreeTextMasking.Mask(sentence)),
        new("media_url", null),
    ]);

    /// <summary>open (being handled, waiting, returned, under review) or closed (resolved, closed, merged).</summary>
    public static bool IsClosed(CaseStatus status) => status is CaseStatus.Resolved or CaseStatus.Closed or CaseStatus.Merged;

    /// <summary>FixMyStreet's extended states for an update.</summary>
    public static string UpdateStatus(CaseStatus status) => status switch
    {
        CaseStatus.InProgress or CaseStatus.AwaitingCitizen => "IN_PROGRESS",
        CaseStatus.UnderReview => "INVESTIGATING",
        CaseStatus.Resolved => "FIXED",
        CaseStatus.Closed => "CLOSED",
        CaseStatus.Merged => "DUPLICATE",
        _ => "OPEN",
    };

    private static string UpdateId(Guid caseId, long sequence) => $"{caseId}-{sequence.ToString(CultureInfo.InvariantCulture)}";

    private static string ServiceNotice(CaseView view, RoutingTable routing)
    {
        var limit = routing.FindCategory(view.CategoryCode)?.Limits.Resolve;
        return limit is null ? $"受理编号 {view.Number}" : $"受理编号 {view.Number}；办结时限 {limit}（{Open311Document.W3cDate(view.Deadlines.ResolveDue)} 前）";
    }

    private static string ServiceDescription(AppealCategory c, RoutingTable routing)
    {
        var lead = routing.FindBureau(c.LeadBureau)?.Name ?? c.LeadBureau;
        var text = $"{c.Name}：由{lead}主办，签收时限 {c.Limits.Claim}，办结时限 {c.Limits.Resolve}。";
        return c.Emergency ? text + "紧急情况请同时拨打 110、119 或 120。" : text;
    }

    private static async Task<List<CaseView>> ViewsAsync(IEnumerable<Guid> ids, Open311Services s)
    {
        var views = await Task.WhenAll(ids.Select(id => s.Grains.GetGrain<ICaseGrain>(id).Get()));
        return [.. views.OfType<CaseView>()];
    }

    private static CaseQuery? RequestQuery(IQueryCollection q, Open311Services s, List<string> errors)
    {
        List<string>? codes = null;
        if (q["service_code"].ToString() is { Length: > 0 } codeList)
        {
            codes = [.. codeList.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)];
            errors.AddRange(codes.Where(c => s.Routing.FindCategory(c) is null).Select(c => $"service_code: '{Cut(c)}' is not a service of district 230108."));
        }

        List<CaseStatus>? statuses = null;
        if (q["status"].ToString() is { Length: > 0 } statusList)
        {
            statuses = [];
            foreach (var status in statusList.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                switch (status.ToLowerInvariant())
                {
                    case "open":
                        statuses.AddRange(Enum.GetValues<CaseStatus>().Where(x => !IsClosed(x)));
                        break;
                    case "closed":
                        statuses.AddRange(Enum.GetValues<CaseStatus>().Where(IsClosed));
                        break;
                    default:
                        errors.Add($"status: '{Cut(status)}' is not open or closed.");
                        break;
                }
            }
        }

        var start = Date(q["start_date"], "start_date", errors);
        var end = Date(q["end_date"], "end_date", errors);
        var size = PageSize(q["page_size"], errors);
        if (start is not null && end is not null && start > end)
        {
            errors.Add("start_date: after end_date.");
        }

        if (errors.Count > 0)
        {
            return null;
        }

        // The spec's default: the last 90 days, counted back from end_date (or now) when start_date is not given.
        end ??= start is null ? s.Clock.Now : null;
        start ??= (end ?? s.Clock.Now) - DefaultRequestWindow;
        return new CaseQuery(
            Statuses: statuses, CategoryCodes: codes, FiledFrom: start, FiledTo: end?.AddTicks(TimeSpan.TicksPerMillisecond),
            Limit: size, After: Value(q["page_token"]));
    }

    private static int PageSize(string? text, List<string> errors)
    {
        if (string.IsNullOrEmpty(text))
        {
            return DefaultPageSize;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var size) && size is >= 1 and <= MaxPageSize)
        {
            return size;
        }

        errors.Add($"page_size: a whole number from 1 to {MaxPageSize}.");
        return DefaultPageSize;
    }

    /// <summary>A W3C date-time with its time zone, as the spec requires (a date alone means its start in the district).</summary>
    private static DateTimeOffset? Date(string? text, string field, List<string> errors)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.FromHours(8));
        }

        if (text.Contains('T', StringComparison.Ordinal) && (text.EndsWith('Z') || text.LastIndexOfAny(['+', '-']) > text.IndexOf('T', StringComparison.Ordinal))
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var at))
        {
            return at;
        }

        errors.Add($"{field}: '{Cut(text)}' is not a W3C date-time with a time zone (e.g. 2026-12-01T00:00:00+08:00).");
        return null;
    }

    private static double? Number(IFormCollection form, string field, List<string> errors)
    {
        var text = Value(form, field);
        if (text is null)
        {
            return null;
        }

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value))
        {
            return value;
        }

        errors.Add($"{field}: '{Cut(text)}' is not a number.");
        return null;
    }

    /// <summary>The answers to the service's questions: <c>attribute[code]</c>, and <c>attribute[code][]</c> for several values.</summary>
    private static Dictionary<string, IReadOnlyList<string>> Attributes(IFormCollection form)
    {
        var answers = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var (name, values) in form)
        {
            if (name.StartsWith("attribute[", StringComparison.Ordinal) && name.IndexOf(']', StringComparison.Ordinal) is var close and > 10)
            {
                var code = name[10..close];
                var list = answers.TryGetValue(code, out var existing) ? [.. existing] : new List<string>();
                list.AddRange(values.OfType<string>());
                answers[code] = list;
            }
        }

        return answers;
    }

    /// <summary>Without an Idempotency-Key, the form itself is the key: posting the exact same form again files nothing new.</summary>
    private static string FormKey(IFormCollection form)
    {
        var text = new StringBuilder();
        foreach (var (name, values) in form.Where(p => p.Key != "api_key").OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            text.Append(name).Append('=').AppendJoin('\u001e', values.OfType<string>()).Append('\u001f');
        }

        return "form-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..40];
    }

    private static string ScopedKey(Open311Client client, string key) => $"o311:{client.Id}:{key}";

    private static bool ValidClientKey(string key) =>
        key.Length is >= 8 and <= 64 && key.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':');

    private static Actor ClientActor(Open311Client client) => new(ClientActorPrefix + client.Id, "open311-client");

    private static string FieldName(string intakeField) => intakeField switch
    {
        "category" => "service_code",
        "latitude" or "location" => "lat",
        "longitude" => "long",
        "gridCode" => "address_id",
        "address" => "address_string",
        "photoRefs" => "media_url",
        "contact.name" => "last_name",
        "contact.phone" => "phone",
        "idempotencyKey" => "Idempotency-Key",
        _ => intakeField,
    };

    /// <summary>
    /// A POST's format, its form and the client of the form's api_key, or the refusal (unknown format, not a form, bad
    /// key, over its rate).
    /// </summary>
    private static async Task<(Open311Format Format, IFormCollection Form, Open311Client? Client, IResult? Refused)> PostedAsync(
        string format, Open311Services s, HttpContext http)
    {
        if (!Open311Document.TryParseFormat(format, out var f))
        {
            return (f, FormCollection.Empty, null, UnknownFormat(format));
        }

        if (await ReadFormAsync(http) is not { } form)
        {
            return (f, FormCollection.Empty, null, FormRequired(f));
        }

        var (client, refused) = await AuthenticateAsync(Value(form, "api_key"), f, s, http);
        return (f, form, client, refused);
    }

    /// <summary>The format of the resource and the client of the api_key, or the refusal (unknown format, bad key, over its rate).</summary>
    private static async Task<(Open311Format Format, Open311Client? Client, IResult? Refused)> AuthenticatedAsync(
        string format, string? apiKey, Open311Services s, HttpContext http)
    {
        if (!Open311Document.TryParseFormat(format, out var f))
        {
            return (f, null, UnknownFormat(format));
        }

        var (client, refused) = await AuthenticateAsync(apiKey, f, s, http);
        return (f, client, refused);
    }

    private static async Task<(Open311Client? Client, IResult? Refused)> AuthenticateAsync(string? apiKey, Open311Format f, Open311Services s, HttpContext http)
    {
        var client = string.IsNullOrEmpty(apiKey) ? null
            : await s.Grains.GetGrain<IOpen311ClientsGrain>(IOpen311ClientsGrain.District).FindByKey(Open311Keys.Digest(apiKey));
        if (client is null)
        {
            await s.Audit.RecordAsync(http, "open311.access", $"{http.Request.Method} {http.Request.Path}", AuditOutcome.Denied,
                string.IsNullOrEmpty(apiKey) ? "no api_key" : "unknown or revoked api_key");
            return (null, Open311Result.Error(f, StatusCodes.Status403Forbidden,
                string.IsNullOrEmpty(apiKey) ? "api_key: required; the district's administrator issues one per client application." : "api_key: not a valid key of this district."));
        }

        if (!s.Limiter.TryAcquire(client, out var retryAfter))
        {
            var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            return (null, Open311Result.Error(f, StatusCodes.Status429TooManyRequests,
                $"api_key: this client sent more than {client.RequestsPerMinute} requests in a minute; retry in {seconds} s.").With("Retry-After", seconds));
        }

        return (client, null);
    }

    private static async Task<IFormCollection?> ReadFormAsync(HttpContext http)
    {
        if (!http.Request.HasFormContentType)
        {
            return null;
        }

        try
        {
            return await http.Request.ReadFormAsync(http.RequestAborted);
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }

    private static Open311Result FormRequired(Open311Format f) => Open311Result.Error(f, StatusCodes.Status400BadRequest,
        "The body must be a form (application/x-www-form-urlencoded or multipart/form-data), as GeoReport v2 posts it.");

    private static Open311Result UnknownFormat(string format) => Open311Result.Error(Open311Format.Xml, StatusCodes.Status404NotFound,
        $"format '{Cut(format)}' is not served: use .xml or .json.");

    private static string NextPage(HttpContext http, string cursor)
    {
        var query = http.Request.Query.Where(p => p.Key is not "page_token")
            .Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(p.Value.ToString())}")
            .Append($"page_token={Uri.EscapeDataString(cursor)}");
        return $"{http.Request.PathBase}{http.Request.Path}?{string.Join('&', query)}";
    }

    private static bool IsWebAddress(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https";

    private static string? Value(IFormCollection form, string name) => Value(form[name]);

    private static string? Value(Microsoft.Extensions.Primitives.StringValues values) =>
        values.ToString() is { Length: > 0 } text && !string.IsNullOrWhiteSpace(text) ? text.Trim() : null;

    private static string Cut(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
