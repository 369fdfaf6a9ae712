using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using EdgeAlpr.Contracts.Wire;
using EdgeAlpr.WebConsole.LocalSocket;

namespace EdgeAlpr.Agent.Cli;

/// <summary>
/// A command's way to the running agent: the console's API over the agent's Unix socket, signed in as the person
/// who runs the command (<c>--as</c>). The agent holds the store while it runs, so the command asks it — through the
/// same use cases, audited the same way — instead of opening the store itself. Signed out when disposed.
/// </summary>
internal sealed class AgentLink : IAsyncDisposable
{
    private readonly HttpClient _http;
    private string? _token;

    private AgentLink(HttpClient http) => _http = http;

    /// <summary>The socket the link went through.</summary>
    public required string SocketPath { get; init; }

    /// <summary>A link to the agent answering on <paramref name="socketPath"/>, or null when none does.</summary>
    public static async Task<AgentLink?> ConnectAsync(string socketPath, CancellationToken cancellationToken)
    {
        if (!await AgentSocket.AnswersAsync(socketPath, cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (_, token) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                try
                {
                    await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), token).ConfigureAwait(false);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        // The host name is never resolved: every connection goes to the socket.
        var http = new HttpClient(handler) { BaseAddress = new Uri("http://edge-alpr-agent/"), Timeout = TimeSpan.FromMinutes(5) };
        return new AgentLink(http) { SocketPath = socketPath };
    }

    /// <summary>Signs <paramref name="login"/> in; a refusal throws <see cref="AgentAnswerException"/> with the agent's reason.</summary>
    public async Task SignInAsync(string login, string password, CancellationToken cancellationToken)
    {
        using HttpResponseMessage response = await _http
            .PostAsJsonAsync("api/session", new { user = login, password }, WireJson.Options, cancellationToken)
            .ConfigureAwait(false);
        JsonElement body = await ReadAsync(response, cancellationToken).ConfigureAwait(false);
        _token = body.GetProperty("token").GetString();
        _http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", _token);
    }

    public async Task<JsonElement> GetAsync(string path, CancellationToken cancellationToken)
    {
        using HttpResponseMessage response = await _http.GetAsync(new Uri(path, UriKind.Relative), cancellationToken).ConfigureAwait(false);
        return await ReadAsync(response, cancellationToken).ConfigureAwait(false);
    }

    public async Task<JsonElement> PostAsync<T>(string path, T body, CancellationToken cancellationToken)
    {
        using HttpResponseMessage response = await _http.PostAsJsonAsync(path, body, WireJson.Options, cancellationToken).ConfigureAwait(false);
        return await ReadAsync(response, cancellationToken).ConfigureAwait(false);
    }

    public async Task<JsonElement> PutAsync<T>(string path, T body, CancellationToken cancellationToken)
    {
        using HttpResponseMessage response = await _http.PutAsJsonAsync(path, body, WireJson.Options, cancellationToken).ConfigureAwait(false);
        return await ReadAsync(response, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sends a file as the body (<c>application/octet-stream</c>), as the hot list's import takes it.</summary>
    public async Task<JsonElement> PostFileAsync(string path, byte[] file, CancellationToken cancellationToken)
    {
        using var content = new ByteArrayContent(file);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/octet-stream");
        using HttpResponseMessage response = await _http.PostAsync(new Uri(path, UriKind.Relative), content, cancellationToken).ConfigureAwait(false);
        return await ReadAsync(response, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes what the agent serves at <paramref name="path"/> to a new file <paramref name="destination"/> (never over one).</summary>
    public async Task DownloadAsync(string path, string destination, CancellationToken cancellationToken)
    {
        using HttpResponseMessage response = await _http
            .GetAsync(new Uri(path.TrimStart('/'), UriKind.Relative), HttpCompletionOption.ResponseHeadersRead, cancellationToken)
            .ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            await ReadAsync(response, cancellationToken).ConfigureAwait(false);
        }

        await using FileStream file = new(destination, FileMode.CreateNew, FileAccess.Write);
        await response.Content.CopyToAsync(file, cancellationToken).ConfigureAwait(false);
        await file.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (_token is not null)
        {
            try
            {
                using HttpResponseMessage _ = await _http.DeleteAsync(new Uri("api/session", UriKind.Relative)).ConfigureAwait(false);
            }
            catch (HttpRequestException)
            {
                // The agent stopped meanwhile: the session went with it.
            }
        }

        _http.Dispose();
    }

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        string text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        JsonElement body;
        try
        {
            body = text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
        }
        catch (JsonException)
        {
            throw new AgentAnswerException(response.StatusCode, $"the agent answered {(int)response.StatusCode} without JSON", []);
        }

        if (response.IsSuccessStatusCode)
        {
            return body;
        }

        string error = body.ValueKind == JsonValueKind.Object && body.TryGetProperty("error", out JsonElement e) ? e.GetString() ?? "" : "";
        List<string> problems =
            body.ValueKind == JsonValueKind.Object && body.TryGetProperty("problems", out JsonElement p) && p.ValueKind == JsonValueKind.Array
                ? [.. p.EnumerateArray().Select(x => x.GetString() ?? string.Empty)]
                : [];
        throw new AgentAnswerException(response.StatusCode, error.Length > 0 ? error : $"the agent answered {(int)response.StatusCode}", problems);
    }
}

/// <summary>The running agent refused a request: its status, its message and, for a refused use, each problem.</summary>
internal sealed class AgentAnswerException(HttpStatusCode status, string message, IReadOnlyList<string> problems) : Exception(message)
{
    public HttpStatusCode Status { get; } = status;

    public IReadOnlyList<string> Problems { get; } = problems;
}
