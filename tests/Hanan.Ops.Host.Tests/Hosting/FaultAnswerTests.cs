using System.Net;
using System.Net.Http.Json;
using System.Reflection;
using System.Text;
using System.Text.Json.Nodes;
using Hanan.Ops.Contracts.Appeals;
using Hanan.Ops.Domain.Geography;
using Hanan.Ops.Host.Hosting;
using Hanan.Ops.Host.Security;
using Hanan.Ops.Host.Tests.Security;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;
using Orleans.Runtime;

namespace Hanan.Ops.Host.Tests.Hosting;

/// <summary>
/// The real host answering the faults a dependency throws (the case read model here, standing for any grain call or
/// statement): 503 with Retry-After and the host's one problem, never 500 and never the exception; an unknown charset: 415.
/// </summary>
public sealed class FaultAnswerTests(FaultAnswerTests.FaultyHost fixture) : IClassFixture<FaultAnswerTests.FaultyHost>
{
    private readonly FaultyReadModel _faults = fixture.Faults;
    private readonly DistrictHostFactory _host = fixture.Host;

    /// <summary>One embedded host for the class, its case read model replaced by <see cref="FaultyReadModel"/>.</summary>
    public sealed class FaultyHost : IAsyncLifetime
    {
        public FaultyHost() => Host = new DistrictHostFactory(services: s => s.Replace(ServiceDescriptor.Singleton(Faults.Proxy)));

        public FaultyReadModel Faults { get; } = new();

        public DistrictHostFactory Host { get; }

        public Task InitializeAsync() => Task.CompletedTask;

        public async Task DisposeAsync() => await Host.DisposeAsync();
    }

    public static TheoryData<string> FaultNames() => [.. FaultyReadModel.Faults.Keys];

    [Theory]
    [MemberData(nameof(FaultNames))]
    public async Task A_passing_fault_answers_503_with_retry_after_and_the_hosts_problem(string fault)
    {
        using var dispatcher = await _host.ClientAsAsync(Roles.Dispatcher);
        _faults.Throw = FaultyReadModel.Faults[fault];

        var response = await dispatcher.GetAsync(new Uri("/api/cases", UriKind.Relative));

        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable, body);
        response.Headers.RetryAfter!.Delta.Should().Be(TimeSpan.FromSeconds(OverloadProblems.RetryAfterSeconds));
        var problem = JsonNode.Parse(body)!;
        problem["type"]!.GetValue<string>().Should().Be(OverloadProblems.ProblemType);
        problem["title"]!.GetValue<string>().Should().Be(OverloadProblems.Title);
        problem["detail"]!.GetValue<string>().Should().Contain("same idempotency key");
        body.Should().NotContainAny(FaultyReadModel.Secret, "Exception", " at ");
    }

    [Fact]
    public async Task A_bug_still_answers_500()
    {
        using var dispatcher = await _host.ClientAsAsync(Roles.Dispatcher);
        _faults.Throw = () => new InvalidOperationException(FaultyReadModel.Secret);

        var response = await dispatcher.GetAsync(new Uri("/api/cases", UriKind.Relative));

        response.StatusCode.Should().Be(HttpStatusCode.InternalServerError);
        response.Headers.RetryAfter.Should().BeNull();
    }

    [Fact]
    public async Task An_unknown_charset_answers_415_naming_the_content_type_without_a_token()
    {
        _faults.Throw = null;
        using var client = _host.CreateRealClient();
        var point = _host.Services.GetRequiredService<DistrictMap>().Grids[2].LabelPoint;
        var json = JsonContent.Create(new { category = "noise", description = "噪声扰民。", latitude = point.Y, longitude = point.X, idempotencyKey = Guid.NewGuid().ToString() });
        var text = await json.ReadAsStringAsync();

        using var klingon = new StringContent(text, Encoding.UTF8);
        klingon.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse("application/json; charset=klingon");
        var refused = await client.PostAsync(new Uri("/api/appeals", UriKind.Relative), klingon);

        var body = await refused.Content.ReadAsStringAsync();
        refused.StatusCode.Should().Be(HttpStatusCode.UnsupportedMediaType, body);
        refused.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        var problem = JsonNode.Parse(body)!;
        problem["errors"]!["Content-Type"]![0]!.GetValue<string>().Should().Contain("klingon");

        // The same body named UTF-8, even quoted (valid HTTP the JSON reader alone would refuse), is filed.
        using var utf8 = new StringContent(text, Encoding.UTF8);
        utf8.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse("application/json; charset=\"utf-8\"");
        (await client.PostAsync(new Uri("/api/appeals", UriKind.Relative), utf8)).StatusCode.Should().Be(HttpStatusCode.Created);
    }

    /// <summary>An <see cref="ICaseReadModel"/> whose every call throws the exception the test chose.</summary>
    public sealed class FaultyReadModel
    {
        /// <summary>Text in every exception message, which must never reach a body.</summary>
        public const string Secret = "SELECT phone FROM case_summary -- 13812345678";

        public static readonly Dictionary<string, Func<Exception>> Faults = new()
        {
            ["silo unavailable"] = () => new SiloUnavailableException(Secret),
            ["gateway too busy"] = () => new GatewayTooBusyException(Secret),
            ["grain call timeout"] = () => new TimeoutException(Secret),
            ["cancelled by Orleans, not by the client"] = () => new OperationCanceledException(Secret),
            ["OrleansException wrapping a lost silo"] = () => new OrleansException(Secret, new SiloUnavailableException(Secret)),
            ["terminated connection (57P01)"] = () => new PostgresException(Secret, "FATAL", "FATAL", PostgresErrorCodes.AdminShutdown),
            ["too many connections (53300)"] = () => new PostgresException(Secret, "FATAL", "FATAL", PostgresErrorCodes.TooManyConnections),
            ["pool exhausted"] = () => new NpgsqlException(Secret, new TimeoutException(Secret)),
            ["a grain's exception wrapping a broken connection"] = () =>
                new AggregateException(Secret, new InvalidOperationException(Secret, new NpgsqlException(Secret, new IOException(Secret)))),
        };

        public FaultyReadModel()
        {
            Proxy = DispatchProxy.Create<ICaseReadModel, Thrower>();
            ((Thrower)(object)Proxy).Owner = this;
        }

        public ICaseReadModel Proxy { get; }

        /// <summary>The fault to throw; null: calls go to a working in-memory read model.</summary>
        public Func<Exception>? Throw { get; set; }

        public ICaseReadModel Working { get; } = new Hanan.Ops.Storage.ReadModels.InMemoryCaseReadModel();

        public class Thrower : DispatchProxy
        {
            public FaultyReadModel Owner { get; set; } = null!;

            protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
            {
                if (Owner.Throw is { } fault)
                {
                    throw fault();
                }

                try
                {
                    return targetMethod!.Invoke(Owner.Working, args);
                }
                catch (TargetInvocationException e) when (e.InnerException is not null)
                {
                    throw e.InnerException;
                }
            }
        }
    }
}
