using System.IO.Pipelines;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace PicChat.Api.Http;

/// <summary>
/// Kestrel answers requests it cannot parse (a request line over 8 KiB, %00 or raw non-ASCII bytes in the
/// path, oversized headers, an unknown HTTP version) by itself, before any middleware, with an empty body, and
/// offers no hook to change that. This connection middleware gives those answers the contract's JSON err body.
/// It recognizes them by what only they look like: an error status with <c>Content-Length: 0</c> and
/// <c>Connection: close</c>, written in one piece; the connection closes right after, so a longer body can
/// never be mistaken for the start of the next response.
/// </summary>
internal static class KestrelErrorBodies
{
    public static void Use(ListenOptions listen) => listen.Use(next => connection =>
    {
        connection.Transport = new Pipe(connection.Transport.Input, new ErrorBodyWriter(connection.Transport.Output));
        return next(connection);
    });

    private sealed class Pipe(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input => input;

        public PipeWriter Output => output;
    }

    private sealed class ErrorBodyWriter(PipeWriter inner) : PipeWriter
    {
        private const int MaxHeadLength = 512;
        private static readonly byte[] StatusLinePrefix = "HTTP/1.1 "u8.ToArray();
        private Memory<byte> _lastBuffer;

        public override Memory<byte> GetMemory(int sizeHint = 0) => _lastBuffer = inner.GetMemory(sizeHint);

        public override Span<byte> GetSpan(int sizeHint = 0) => GetMemory(sizeHint).Span;

        public override void Advance(int bytes)
        {
            var written = _lastBuffer.Span[..Math.Min(bytes, _lastBuffer.Length)];
            if (bytes <= MaxHeadLength && written.StartsWith(StatusLinePrefix) && Replacement(written) is { } replacement)
            {
                // The head was written into the buffer but not advanced: write over it and advance the new one.
                replacement.CopyTo(inner.GetSpan(replacement.Length));
                inner.Advance(replacement.Length);
                return;
            }

            inner.Advance(bytes);
        }

        public override void CancelPendingFlush() => inner.CancelPendingFlush();

        public override void Complete(Exception? exception = null) => inner.Complete(exception);

        public override ValueTask CompleteAsync(Exception? exception = null) => inner.CompleteAsync(exception);

        public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default) => inner.FlushAsync(cancellationToken);

        public override bool CanGetUnflushedBytes => inner.CanGetUnflushedBytes;

        public override long UnflushedBytes => inner.UnflushedBytes;

        private static byte[]? Replacement(ReadOnlySpan<byte> head)
        {
            var text = Encoding.Latin1.GetString(head);
            var lineEnd = text.IndexOf("\r\n", StringComparison.Ordinal);
            if (lineEnd < 12 || !int.TryParse(text.AsSpan(9, 3), out var status) || status < 400
                || !text.EndsWith("\r\n\r\n", StringComparison.Ordinal)
                || !text.Contains("\r\nContent-Length: 0\r\n", StringComparison.OrdinalIgnoreCase)
                || !text.Contains("\r\nConnection: close\r\n", StringComparison.OrdinalIgnoreCase))
            {
                return null;
            }

            // The status may change: an unknown HTTP version is the client's mistake, so 400 rather than 505.
            var error = ApiError.ForServerRejection(status);
            var statusLine = error.Status == status ? text[..lineEnd] : $"HTTP/1.1 {error.Status} Bad Request";
            var body = JsonSerializer.SerializeToUtf8Bytes(new ErrorResponse(new ErrorBody(error.Code, error.Message)), JsonSerializerOptions.Web);
            var newHead = $"{statusLine}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n";
            return [.. Encoding.ASCII.GetBytes(newHead), .. body];
        }
    }
}
