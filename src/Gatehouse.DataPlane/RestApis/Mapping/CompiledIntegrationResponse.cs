using System.Globalization;
using Gatehouse.Model.RestApis;

namespace Gatehouse.DataPlane.RestApis.Mapping;

/// <summary>One integration response, compiled once per deployment: its method response status, parameter mappings,
/// parsed templates and content handling.</summary>
public sealed class CompiledIntegrationResponse
{
    private CompiledIntegrationResponse(int statusCode, ResponseParameterMapper parameters, MappingTemplates templates, ContentHandling contentHandling)
    {
        StatusCode = statusCode;
        Parameters = parameters;
        Templates = templates;
        ContentHandling = contentHandling;
    }

    public int StatusCode { get; }

    public ResponseParameterMapper Parameters { get; }

    public MappingTemplates Templates { get; }

    public ContentHandling ContentHandling { get; }

    public static CompiledIntegrationResponse Compile(IntegrationResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var status = int.TryParse(response.StatusCode, NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s : 500;
        return new CompiledIntegrationResponse(
            status,
            ResponseParameterMapper.Compile(response.ResponseParameters),
            MappingTemplates.Parse(response.ResponseTemplates),
            ContentHandlings.Parse(response.ContentHandling));
    }
}
