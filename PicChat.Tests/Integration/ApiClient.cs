using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace PicChat.Tests.Integration;

/// <summary>A thin HTTP client for the contract: JSON in, status and JSON out, optional bearer token.</summary>
public sealed class ApiClient(HttpClient http) : IDisposable
{
    public HttpClient Http => http;

    public Task<ApiResponse> PostAsync(string path, object? body, string? token = null) =>
        SendAsync(HttpMethod.Post, path, body, token);

    public Task<ApiResponse> GetAsync(string path, object? body = null, string? token = null) =>
        SendAsync(HttpMethod.Get, path, body, token);

    public Task<ApiResponse> DeleteAsync(string path, object? body = null, string? token = null) =>
        SendAsync(HttpMethod.Delete, path, body, token);

    public async Task<ApiResponse> SendAsync(HttpMethod method, string path, object? body, string? token,
        string contentType = "application/json")
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            var text = body as string ?? JsonSerializer.Serialize(body);
            request.Content = new StringContent(text, Encoding.UTF8);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return await ApiResponse.ReadAsync(await http.SendAsync(request));
    }

    /// <summary>Sends raw bytes as the body, for text no .NET string can hold (invalid UTF-8).</summary>
    public async Task<ApiResponse> SendBytesAsync(HttpMethod method, string path, byte[] body, string? token = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return await ApiResponse.ReadAsync(await http.SendAsync(request));
    }

    /// <summary>Registers a fresh user and returns its id, token, email and password.</summary>
    public async Task<TestUser> RegisterAsync(string password = "123456")
    {
        var email = Grains.Unique.Email();
        var response = await PostAsync("/users/user-register", new { email, password });
        Assert.Equal(HttpStatusCode.OK, response.Status);
        return new TestUser(response.Json.GetProperty("userId").GetInt64(), response.Json.GetProperty("token").GetString()!, email, password);
    }

    public void Dispose() => http.Dispose();
}

public sealed record TestUser(long Id, string Token, string Email, string Password);

public sealed record ApiResponse(HttpStatusCode Status, JsonElement Json, HttpResponseMessage Message)
{
    public static async Task<ApiResponse> ReadAsync(HttpResponseMessage message)
    {
        var text = await message.Content.ReadAsStringAsync();
        var json = text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
        return new ApiResponse(message.StatusCode, json, message);
    }

    /// <summary>The err.code of a failure (and asserts that err is an object).</summary>
    public string ErrorCode => Json.GetProperty("err").GetProperty("code").GetString()!;

    public bool IsSuccess => Status == HttpStatusCode.OK && Json.GetProperty("err").ValueKind == JsonValueKind.Null;
}
