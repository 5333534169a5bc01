using Gatehouse.Model.HttpApis;

namespace Gatehouse.Store;

/// <summary>A committed change to one API: its new document, or null when the API was deleted.</summary>
public sealed record ConfigChange(string ApiId, ApiDocument? Document);
