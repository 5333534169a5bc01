namespace Gatehouse.DataPlane.Integrations.Lambda;

/// <summary>An AWS_PROXY integration's <c>payloadFormatVersion</c>: the shape of the event and of the function's answer.</summary>
public enum LambdaPayloadFormat
{
    /// <summary>"1.0": REST-style events (multiValueHeaders, multiValueQueryStringParameters); strict answers.</summary>
    V1,

    /// <summary>"2.0": rawPath, cookies, comma-joined values; an answer without statusCode is the body.</summary>
    V2,
}
