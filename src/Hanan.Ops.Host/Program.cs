using Hanan.Ops.Host.Appeals;
using Hanan.Ops.Host.Calendar;
using Hanan.Ops.Host.Cameras;
using Hanan.Ops.Host.Delivery;
using Hanan.Ops.Host.Frigate;
using Hanan.Ops.Host.Geography;
using Hanan.Ops.Host.Grids;
using Hanan.Ops.Host.Hosting;
using Hanan.Ops.Host.Live;
using Hanan.Ops.Host.Open311;
using Hanan.Ops.Host.Security;
using Hanan.Ops.Host.Residents;
using Hanan.Ops.Host.Roster;

var builder = WebApplication.CreateBuilder(args);
if (MigrateCommand.IsRequested(args))
{
    return await MigrateCommand.RunAsync(builder.Configuration);
}

builder.AddServiceDefaults();
builder.AddDistrictSilo();
builder.AddDistrictMap();
builder.AddAppeals();
builder.AddCalendar();
builder.AddLive();
builder.AddSecurity();
builder.AddCameras();
builder.AddFrigate();
builder.AddResidents();
builder.AddRosterAndBindings();
builder.AddOpen311();
builder.AddDelivery();

var app = builder.Build();

app.MapServiceDefaults();
app.MapDashboards();
app.UseSecurity();
app.MapApiReference();
app.MapAppealEndpoints();
app.MapCaseListEndpoints();
app.MapDeskEndpoints();
app.MapCaseActionEndpoints();
app.MapStatisticsEndpoints();
app.MapCalendar();
app.MapDistrictEndpoints();
app.MapLive();
app.MapSecurityEndpoints();
app.MapCameras();
app.MapFrigate();
app.MapResidentEndpoints();
app.MapCrosswalkEndpoints(app.MapGridEndpoints());
app.MapNoticeEndpoints();
app.MapErrandEndpoints();
app.MapRosterEndpoints();
app.MapCitizenEndpoints();
app.MapOpen311();
app.MapDelivery();

await app.RunAsync();
return 0;

/// <summary>Entry point, visible to the host tests' WebApplicationFactory.</summary>
public partial class Program;
