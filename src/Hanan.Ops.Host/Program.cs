using Hanan.Ops.Host.Appeals;
using Hanan.Ops.Host.Geography;
using Hanan.Ops.Host.Hosting;
using Hanan.Ops.Host.Live;

var builder = WebApplication.CreateBuilder(args);
if (MigrateCommand.IsRequested(args))
{
    return await MigrateCommand.RunAsync(builder.Configuration);
}

builder.AddServiceDefaults();
builder.AddDistrictSilo();
builder.AddAppeals();
builder.AddLive();

var app = builder.Build();

app.MapServiceDefaults();
app.MapDashboards();
app.MapApiReference();
app.MapAppealEndpoints();
app.MapCaseListEndpoints();
app.MapDeskEndpoints();
app.MapCaseActionEndpoints();
app.MapStatisticsEndpoints();
app.MapDistrictEndpoints();
app.MapLive();

await app.RunAsync();
return 0;

/// <summary>Entry point, visible to the host tests' WebApplicationFactory.</summary>
public partial class Program;
