namespace Gatehouse.Identity.SigV4;

/// <summary>The credential scope a request was signed for: <c>{Date}/{Region}/{Service}/aws4_request</c>.</summary>
/// <param name="Date">YYYYMMDD.</param>
/// <param name="Region">The signing region (<c>us-east-1</c>).</param>
/// <param name="Service">The signing name (<c>execute-api</c>, <c>apigateway</c>, <c>lambda</c>, ...).</param>
public readonly record struct SigV4Scope(string Date, string Region, string Service);
