using System.Globalization;
using System.Text;

namespace Gatehouse.DataPlane.RestApis.TestInvoke;

/// <summary>
/// The execution log a test invocation returns, as AWS writes it (AWS recorded, TestInvokeMethod; developer guide,
/// getting-started-lambda-non-proxy-integration): a first line <c>Execution log for request {id}</c>, then one line
/// per step, <c>{Java Date.toString(), UTC} : {text}</c>, each ending with a line feed. Maps print as Java's
/// <c>{k=v, k2=v2}</c>; a line longer than <see cref="MaxLineLength"/> is cut and marked <c> [TRUNCATED]</c>.
/// Only test invocations make one: served requests carry none (<see cref="RestRequestState.ExecutionLog"/> is null).
/// </summary>
public sealed class RestExecutionLog
{
    /// <summary>The longest line kept whole (AWS cuts long lines; the exact limit is not documented).</summary>
    public const int MaxLineLength = 1024;

    private readonly StringBuilder _text = new();
    private readonly TimeProvider _time;

    public RestExecutionLog(string requestId, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(requestId);
        _time = time ?? TimeProvider.System;
        _text.Append("Execution log for request ").Append(requestId).Append('\n');
    }

    /// <summary>A line, stamped with the current time.</summary>
    public void Add(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        _text.Append(Timestamp(_time.GetUtcNow())).Append(" : ");
        if (line.Length > MaxLineLength)
        {
            _text.Append(line.AsSpan(0, MaxLineLength)).Append(" [TRUNCATED]");
        }
        else
        {
            _text.Append(line);
        }

        _text.Append('\n');
    }

    /// <summary>
    /// The endpoint request lines: URI, headers (when given; credentials masked, as AWS masks its signature), body after
    /// transformations, then the send.
    /// </summary>
    public void EndpointRequest(string uri, IEnumerable<KeyValuePair<string, string>>? headers, ReadOnlySpan<byte> body)
    {
        Add("Endpoint request URI: " + uri);
        if (headers is not null)
        {
            Add("Endpoint request headers: " + Map(headers.Select(h => IsCredential(h.Key) ? new KeyValuePair<string, string>(h.Key, Mask(h.Value)) : h)));
        }

        Add("Endpoint request body after transformations: " + Text(body));
        Add("Sending request to " + uri);
    }

    /// <summary>The endpoint response lines: status and latency, the body before transformations, the headers.</summary>
    public void EndpointResponse(int? status, TimeSpan? latency, ReadOnlySpan<byte> body, IEnumerable<KeyValuePair<string, string>> headers)
    {
        var milliseconds = (long)(latency ?? TimeSpan.Zero).TotalMilliseconds;
        Add(status is { } code
            ? $"Received response. Status: {code}, Integration latency: {milliseconds} ms"
            : $"Received response. Integration latency: {milliseconds} ms");
        Add("Endpoint response headers: " + Map(headers));
        Add("Endpoint response body before transformations: " + Text(body));
    }

    /// <summary>The URI API Gateway calls a function by: <c>https://lambda.{region}.amazonaws.com/2015-03-31/functions/{arn}/invocations</c>.</summary>
    public static string LambdaUri(string functionArn)
    {
        ArgumentNullException.ThrowIfNull(functionArn);
        var parts = functionArn.Split(':');
        var region = parts.Length > 3 ? parts[3] : "";
        return $"https://lambda.{region}.amazonaws.com/2015-03-31/functions/{functionArn}/invocations";
    }

    /// <summary>Java's <c>Date.toString()</c> in UTC: <c>Thu Aug 31 01:07:25 UTC 2017</c>.</summary>
    public static string Timestamp(DateTimeOffset time) =>
        time.UtcDateTime.ToString("ddd MMM dd HH:mm:ss 'UTC' yyyy", CultureInfo.InvariantCulture);

    /// <summary>A map as Java prints one: <c>{k=v, k2=v2}</c>; <c>{}</c> when empty.</summary>
    public static string Map(IEnumerable<KeyValuePair<string, string>> pairs)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        var text = new StringBuilder("{");
        foreach (var (key, value) in pairs)
        {
            if (text.Length > 1)
            {
                text.Append(", ");
            }

            text.Append(key).Append('=').Append(value);
        }

        return text.Append('}').ToString();
    }

    /// <summary>A secret for the log: all but its last six characters as <c>*</c> (AWS's identity lines).</summary>
    public static string Mask(string secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        return secret.Length <= 6 ? new string('*', secret.Length) : new string('*', secret.Length - 6) + secret[^6..];
    }

    private static bool IsCredential(string header) =>
        header.Equals("Authorization", StringComparison.OrdinalIgnoreCase) || header.Equals("X-Amz-Security-Token", StringComparison.OrdinalIgnoreCase);

    /// <summary>A body as UTF-8 text (invalid bytes replaced).</summary>
    public static string Text(ReadOnlySpan<byte> body) => Encoding.UTF8.GetString(body);

    public override string ToString() => _text.ToString();
}
