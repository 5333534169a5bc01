using Gatehouse.Model.HttpApis;
using Gatehouse.Model.RestApis;

namespace Gatehouse.Store;

/// <summary>
/// A committed change to one API: its new document, or null when the API was deleted. For a REST API
/// (<see cref="IsRestApi"/>), <see cref="Document"/> is null and <see cref="RestApi"/> holds the new document (null when
/// deleted).
/// </summary>
public sealed record ConfigChange(string ApiId, ApiDocument? Document)
{
    public bool IsRestApi { get; init; }

    public RestApiDocument? RestApi { get; init; }
}
