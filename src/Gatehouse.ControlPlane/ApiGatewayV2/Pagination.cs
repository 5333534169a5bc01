using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Gatehouse.ControlPlane.ApiGatewayV2;

/// <summary>apigatewayv2 paging: <c>maxResults</c> and an opaque <c>nextToken</c> (the position of the next item).</summary>
internal static class Pagination
{
    public sealed record Page<T>(IReadOnlyList<T> Items, string? NextToken);

    public static Page<T> Apply<T>(HttpRequest request, IReadOnlyList<T> all)
    {
        var start = 0;
        var token = request.Query["nextToken"].ToString();
        if (token.Length > 0)
        {
            try
            {
                var text = Encoding.UTF8.GetString(Convert.FromBase64String(token));
                if (!text.StartsWith("p:", StringComparison.Ordinal) ||
                    !int.TryParse(text.AsSpan(2), NumberStyles.None, CultureInfo.InvariantCulture, out start) || start > all.Count)
                {
                    throw new FormatException();
                }
            }
            catch (FormatException)
            {
                throw AwsException.BadRequest("Invalid nextToken: the token is not one this API returned");
            }
        }

        var count = all.Count - start;
        var max = request.Query["maxResults"].ToString();
        if (max.Length > 0)
        {
            if (!int.TryParse(max, NumberStyles.None, CultureInfo.InvariantCulture, out var limit) || limit is < 1 or > 500)
            {
                throw AwsException.BadRequest($"Invalid maxResults '{max}': must be an integer between 1 and 500");
            }

            count = Math.Min(count, limit);
        }

        var next = start + count < all.Count
            ? Convert.ToBase64String(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"p:{start + count}")))
            : null;
        return new Page<T>(all.Skip(start).Take(count).ToList(), next);
    }
}
