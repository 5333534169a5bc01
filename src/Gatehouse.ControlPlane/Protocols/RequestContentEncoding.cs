using System.IO.Compression;
using Microsoft.AspNetCore.Http;

namespace Gatehouse.ControlPlane.Protocols;

/// <summary>
/// Reads the body of a query or awsJson request. SDKs gzip large bodies of the operations marked for request
/// compression (CloudWatch's PutMetricData, with <c>Content-Encoding: gzip</c>): the signature covers the compressed
/// bytes, the service reads them inflated, and the size limit applies to the inflated body.
/// </summary>
public static class RequestContentEncoding
{
    public static async Task<MemoryStream> ReadBodyAsync(HttpRequest request, int maxBytes)
    {
        ArgumentNullException.ThrowIfNull(request);
        var encoding = request.Headers.ContentEncoding.ToString().Trim();
        var gzip = encoding.Equals("gzip", StringComparison.OrdinalIgnoreCase);
        if (!gzip && encoding.Length > 0 && !encoding.Equals("identity", StringComparison.OrdinalIgnoreCase))
        {
            throw new AwsException(415, "UnsupportedMediaType", $"Content-Encoding '{encoding}' is not supported: send the body as it is, or gzip it.");
        }

        var source = gzip ? new GZipStream(request.Body, CompressionMode.Decompress, leaveOpen: true) : request.Body;
        var buffer = new MemoryStream();
        try
        {
            var chunk = new byte[16 * 1024];
            int read;
            while ((read = await source.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
            {
                if (buffer.Length + read > maxBytes)
                {
                    throw new AwsException(413, "RequestEntityTooLarge", $"The request body exceeds {maxBytes} bytes.");
                }

                buffer.Write(chunk, 0, read);
            }

            buffer.Position = 0;
            return buffer;
        }
        catch (InvalidDataException)
        {
            await buffer.DisposeAsync();
            throw new AwsException(400, "SerializationException", "The request body is not valid gzip (Content-Encoding: gzip).");
        }
        catch
        {
            await buffer.DisposeAsync();
            throw;
        }
        finally
        {
            if (gzip)
            {
                await source.DisposeAsync();
            }
        }
    }
}
