using System.Net.Sockets;
using System.Text;

namespace PicChat.Tests.Reliability;

/// <summary>
/// A bare HTTP/1.1 exchange on a connection of its own (Connection: close): it sends whatever bytes it is given
/// and reads the answer while still sending, so a server that answers early (a 414 before a big body arrives)
/// is heard instead of ending as a client-side "broken pipe", and no pooled connection can go stale.
/// </summary>
public static class RawHttp
{
    public sealed record Answer(int Status, string Head, byte[] Body)
    {
        public bool IsEventStream => Head.Contains("content-type: text/event-stream", StringComparison.OrdinalIgnoreCase);
    }

    public static byte[] Request(string method, string target, Uri server, IEnumerable<(string Name, string Value)> headers, byte[]? body)
    {
        var head = new StringBuilder($"{method} {target} HTTP/1.1\r\nHost: {server.Authority}\r\nConnection: close\r\n");
        foreach (var (name, value) in headers)
        {
            head.Append(name).Append(": ").Append(value).Append("\r\n");
        }

        if (body is not null)
        {
            head.Append("Content-Length: ").Append(body.Length).Append("\r\n");
        }

        head.Append("\r\n");
        return [.. Encoding.Latin1.GetBytes(head.ToString()), .. body ?? []];
    }

    /// <summary>The answer, or null when the server closed the connection without one.</summary>
    public static async Task<Answer?> SendAsync(Uri server, byte[] request, CancellationToken cancellationToken)
    {
        using var tcp = new TcpClient { NoDelay = true };
        await tcp.ConnectAsync(server.Host, server.Port, cancellationToken);
        var stream = tcp.GetStream();
        var reading = ReadAnswerAsync(stream, cancellationToken);
        try
        {
            await stream.WriteAsync(request, cancellationToken);
        }
        catch (IOException)
        {
            // The server answered and closed before taking everything: what counts is what it said.
        }

        return await reading;
    }

    private static async Task<Answer?> ReadAnswerAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        var received = new MemoryStream();
        var buffer = new byte[16 * 1024];
        while (true)
        {
            int read;
            try
            {
                read = await stream.ReadAsync(buffer, cancellationToken);
            }
            catch (IOException)
            {
                read = 0;
            }

            if (read == 0)
            {
                break;
            }

            received.Write(buffer, 0, read);
            var sofar = Encoding.Latin1.GetString(received.GetBuffer(), 0, (int)received.Length);
            var headEnd = sofar.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            if (headEnd > 0 && sofar[..headEnd].Contains("content-type: text/event-stream", StringComparison.OrdinalIgnoreCase))
            {
                break; // an open subscription: the head is all there is to judge
            }
        }

        var all = received.ToArray();
        var text = Encoding.Latin1.GetString(all);
        var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        if (end < 0 || !text.StartsWith("HTTP/1.1 ", StringComparison.Ordinal) || !int.TryParse(text.AsSpan(9, 3), out var status))
        {
            return null;
        }

        var head = text[..end];
        var body = all[(end + 4)..];
        return new Answer(status, head, head.Contains("transfer-encoding: chunked", StringComparison.OrdinalIgnoreCase) ? Dechunk(body) : body);
    }

    private static byte[] Dechunk(byte[] chunked)
    {
        var output = new MemoryStream();
        var position = 0;
        while (position < chunked.Length)
        {
            var lineEnd = Array.IndexOf(chunked, (byte)'\n', position);
            if (lineEnd < 0)
            {
                break;
            }

            var sizeText = Encoding.ASCII.GetString(chunked, position, lineEnd - position).Trim().Split(';')[0];
            if (!int.TryParse(sizeText, System.Globalization.NumberStyles.HexNumber, null, out var size) || size == 0)
            {
                break;
            }

            output.Write(chunked, lineEnd + 1, Math.Min(size, chunked.Length - lineEnd - 1));
            position = lineEnd + 1 + size + 2;
        }

        return output.ToArray();
    }
}
