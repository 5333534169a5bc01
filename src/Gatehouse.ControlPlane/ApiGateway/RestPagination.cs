using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Gatehouse.ControlPlane.ApiGateway;

/// <summary>apigateway v1 paging: <c>limit</c> (default 25, at most 500) and an opaque <c>position</c>; answers <c>{"item": [...], "position": ...}</c>.</summary>
internal static class RestPagination
{
    public const int DefaultLimit = 25;

    public sealed record Page<T>(IReadOnlyList<T> Item, string? Position);

    public static Page<T> Apply<T>(HttpRequest request, IReadOnlyList<T> all)
    {
        var start = 0;
        var token = request.Query["position"].ToString();
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
                throw AwsException.BadRequest("Invalid position parameter");
            }
        }

        var limit = DefaultLimit;
        var limitText = request.Query["limit"].ToString();
        if (limitText.Length > 0 &&
            (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > 500))
        {
            throw AwsException.BadRequest($"Invalid limit '{limitText}': must be an integer between 1 and 500");
        }

        var count = Math.Min(all.Count - start, limit);
        var next = start + count < all.Count
            ? Convert.ToBase64String(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"p:{start + count}")))
            : null;
        return new Page<T>([.. all.Skip(start).Take(count)], next);
    }
}
