using System.Diagnostics;
using System.Net.Sockets;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace Hanan.Ops.Host.Tests.Frigate;

/// <summary>
/// A real MQTT broker for the test: Debian's mosquitto (installed by <c>ops/test.sh</c>; the path can be overridden
/// with HANAN_MOSQUITTO), started as a process of its own on a free loopback port with a configuration written to a
/// temp folder, never the system's service. Two accounts, the host's and Frigate's, with passwords.
/// </summary>
public sealed class Mosquitto : IAsyncLifetime
{
    public const string HostUser = "hanan";
    public const string HostPassword = "hanan-secret";
    public const string FrigateUser = "frigate";
    public const string FrigatePassword = "frigate-secret";

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "hanan-mosquitto-" + Guid.NewGuid().ToString("N")[..8]);
    private Process? _process;

    public int Port { get; private set; }

    /// <summary>What the host needs to subscribe, as configuration.</summary>
    public Dictionary<string, string?> HostSettings(string clientId) => new()
    {
        ["Hanan:Frigate:Mqtt:Host"] = "127.0.0.1",
        ["Hanan:Frigate:Mqtt:Port"] = Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Hanan:Frigate:Mqtt:Username"] = HostUser,
        ["Hanan:Frigate:Mqtt:Password"] = HostPassword,
        ["Hanan:Frigate:Mqtt:ClientId"] = clientId,
        ["Hanan:Frigate:Mqtt:ReconnectMin"] = "00:00:00.200",
        ["Hanan:Frigate:Mqtt:ReconnectMax"] = "00:00:02",
    };

    public async Task InitializeAsync()
    {
        var binary = Environment.GetEnvironmentVariable("HANAN_MOSQUITTO") is { Length: > 0 } p ? p : "/usr/sbin/mosquitto";
        if (!File.Exists(binary))
        {
            throw new InvalidOperationException($"mosquitto was not found at {binary}. Run ops/test.sh, which installs Debian's mosquitto package.");
        }

        Directory.CreateDirectory(_folder);
        var passwords = Path.Combine(_folder, "passwd");
        await File.WriteAllTextAsync(passwords, "");
        foreach (var (user, password) in new[] { (HostUser, HostPassword), (FrigateUser, FrigatePassword) })
        {
            using var passwd = Process.Start(new ProcessStartInfo(Path.Combine(Path.GetDirectoryName(binary)!, "..", "bin", "mosquitto_passwd"), ["-b", passwords, user, password])
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
            })!;
            await passwd.WaitForExitAsync();
            if (passwd.ExitCode != 0)
            {
                throw new InvalidOperationException("mosquitto_passwd failed: " + await passwd.StandardError.ReadToEndAsync());
            }
        }

        Port = DistrictHostFactory.FreePort();
        await File.WriteAllTextAsync(Path.Combine(_folder, "mosquitto.conf"), $"""
            listener {Port} 127.0.0.1
            allow_anonymous false
            password_file {passwords}
            persistence false
            max_inflight_messages 0
            max_queued_messages 100000
            log_dest stderr
            log_type error
            log_type warning
            """);
        await StartAsync();
    }

    /// <summary>Starts the broker (again) on the same port; it forgets its sessions (no persistence).</summary>
    public async Task StartAsync()
    {
        var binary = Environment.GetEnvironmentVariable("HANAN_MOSQUITTO") is { Length: > 0 } p ? p : "/usr/sbin/mosquitto";
        _process = Process.Start(new ProcessStartInfo(binary, ["-c", Path.Combine(_folder, "mosquitto.conf")]) { RedirectStandardError = true, RedirectStandardOutput = true })!;
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync("127.0.0.1", Port);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline && !_process.HasExited)
            {
                await Task.Delay(50);
            }
        }
    }

    /// <summary>Stops the broker: every client is cut off.</summary>
    public async Task StopAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
        _process = null;
    }

    /// <summary>A client connected as Frigate, publishing at QoS 1 as Frigate does with <c>mqtt.qos: 1</c>.</summary>
    public async Task<IMqttClient> FrigateAsync()
    {
        var client = new MqttClientFactory().CreateMqttClient();
        await client.ConnectAsync(new MqttClientOptionsBuilder()
            .WithTcpServer("127.0.0.1", Port)
            .WithProtocolVersion(MqttProtocolVersion.V311)
            .WithClientId("frigate-" + Guid.NewGuid().ToString("N")[..8])
            .WithCredentials(FrigateUser, FrigatePassword)
            .Build());
        return client;
    }

    public static Task PublishAsync(IMqttClient frigate, string topic, System.Text.Json.Nodes.JsonNode message) =>
        frigate.PublishStringAsync("frigate/" + topic, message.ToJsonString(), MqttQualityOfServiceLevel.AtLeastOnce);

    public async Task DisposeAsync()
    {
        await StopAsync();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
    }
}
