namespace Gatehouse.DataPlane.RestApis.Mapping;

/// <summary>Where a REST parameter mapping takes its value from (request-response-data-mappings).</summary>
public enum MappingSourceKind
{
    /// <summary><c>'static value'</c>.</summary>
    Static,

    /// <summary><c>context.x</c> (nested: <c>context.identity.sourceIp</c>).</summary>
    Context,

    /// <summary><c>stageVariables.x</c>.</summary>
    StageVariable,

    /// <summary><c>method.request.path.x</c>.</summary>
    MethodPath,

    /// <summary><c>method.request.querystring.x</c>: the last value.</summary>
    MethodQueryString,

    /// <summary><c>method.request.multivaluequerystring.x</c>: every value.</summary>
    MethodMultiValueQueryString,

    /// <summary><c>method.request.header.x</c>: the last value.</summary>
    MethodHeader,

    /// <summary><c>method.request.multivalueheader.x</c>: every value, joined with commas.</summary>
    MethodMultiValueHeader,

    /// <summary><c>method.request.body</c>.</summary>
    MethodBody,

    /// <summary><c>method.request.body.{JSONPath}</c>.</summary>
    MethodBodyPath,

    /// <summary><c>integration.response.header.x</c>: the last value.</summary>
    IntegrationHeader,

    /// <summary><c>integration.response.multivalueheader.x</c>: every value, joined with commas.</summary>
    IntegrationMultiValueHeader,

    /// <summary><c>integration.response.body</c>.</summary>
    IntegrationBody,

    /// <summary><c>integration.response.body.{JSONPath}</c>.</summary>
    IntegrationBodyPath,
}
