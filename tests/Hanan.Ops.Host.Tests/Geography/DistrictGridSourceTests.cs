using Hanan.Ops.Domain.Geography;
using Hanan.Ops.Host.Geography;
using Hanan.Ops.Host.Hosting;
using Hanan.Ops.Storage.Schema;
using Hanan.Ops.Storage.Tests;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Hanan.Ops.Host.Tests.Geography;

/// <summary>Hanan:District:Grids is checked when the host starts: a wrong value or a missing unified grid stops it with a message that says what to do.</summary>
public sealed class DistrictGridSourceTests
{
    [Fact]
    public void An_unknown_grid_source_stops_the_start_up_naming_the_setting_and_the_choices()
    {
        using var host = new DistrictHostFactory(settings: new Dictionary<string, string?> { ["Hanan:District:Grids"] = "Tiles" });

        var start = () => host.Services;

        start.Should().Throw<OptionsValidationException>()
            .WithMessage("*Hanan:District:Grids must be one of Demo, Unified, UnifiedOrDemo, DemoUnified; 'Tiles' is not*");
    }

    [Fact]
    public void A_number_is_not_a_grid_source()
    {
        using var host = new DistrictHostFactory(settings: new Dictionary<string, string?> { ["Hanan:District:Grids"] = "1" });

        var start = () => host.Services;

        start.Should().Throw<OptionsValidationException>().WithMessage("*'1' is not*");
    }

    [Fact]
    public void The_unified_grid_needs_the_postgresql_mode()
    {
        using var host = new DistrictHostFactory(settings: new Dictionary<string, string?> { ["Hanan:District:Grids"] = "unified" });

        var start = () => host.Services;

        start.Should().Throw<OptionsValidationException>().WithMessage("*needs Hanan:Storage:Mode=PostgreSql*");
    }

    [Fact]
    public async Task Unified_on_a_database_without_a_unified_grid_stops_the_start_up_saying_which_command_creates_it()
    {
        await using var db = await TestDatabase.CreateAsync();
        await new SchemaMigrator(db.ConnectionString).MigrateAsync();
        await using var host = new DistrictHostFactory(StorageMode.PostgreSql, db.ConnectionString,
            settings: new Dictionary<string, string?> { ["Hanan:District:Grids"] = "Unified" });

        var start = () => host.Services;

        start.Should().Throw<InvalidOperationException>()
            .WithMessage("The district has no unified grid yet*grid_unified is empty*hanan import-layer*hanan consolidate*");
    }

    [Fact]
    public async Task Unified_or_demo_on_a_database_without_a_unified_grid_serves_the_demo_district()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var host = new DistrictHostFactory(StorageMode.PostgreSql, db.ConnectionString,
            settings: new Dictionary<string, string?> { ["Hanan:District:Grids"] = "UnifiedOrDemo" });

        var district = host.Services.GetRequiredService<LoadedDistrict>();

        district.Unified.Should().BeFalse();
        district.Map.Grids.Select(g => g.Code).Should().Equal(DemoDistrict.Generate().Grids.Select(g => g.Code));
    }

    [Fact]
    public void The_default_is_the_demo_layers_unified_embedded_and_the_unified_grid_on_postgresql_strictly_in_production()
    {
        var empty = new ConfigurationBuilder().Build();

        DistrictOptions.GridSource(empty, StorageMode.Embedded, Environment("Production")).Should().Be(DistrictGridSource.DemoUnified);
        DistrictOptions.GridSource(empty, StorageMode.PostgreSql, Environment("Production")).Should().Be(DistrictGridSource.Unified);
        DistrictOptions.GridSource(empty, StorageMode.PostgreSql, Environment("Development")).Should().Be(DistrictGridSource.UnifiedOrDemo);
    }

    private static TestEnvironment Environment(string name) => new() { EnvironmentName = name };

    private sealed class TestEnvironment : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = "";

        public string ApplicationName { get; set; } = "test";

        public string ContentRootPath { get; set; } = "/";

        public Microsoft.Extensions.FileProviders.IFileProvider ContentRootFileProvider { get; set; } = null!;
    }
}
