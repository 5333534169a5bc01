namespace Gatehouse.ControlPlane.ApiGateway.OpenApi;

/// <summary>How a definition meets the API it lands on.</summary>
internal enum ImportMode
{
    /// <summary>ImportRestApi, and PutRestApi's <c>overwrite</c>: the API becomes what the definition says.</summary>
    Overwrite,

    /// <summary>PutRestApi's <c>merge</c> (its default): the definition's methods replace the same methods, everything else stays.</summary>
    Merge,
}
