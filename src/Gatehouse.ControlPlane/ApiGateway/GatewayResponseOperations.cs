using Gatehouse.ControlPlane.ApiGatewayV2;
using Gatehouse.ControlPlane.Protocols;
using Gatehouse.Model.RestApis;
using Microsoft.AspNetCore.Http;

namespace Gatehouse.ControlPlane.ApiGateway;

/// <summary>
/// PutGatewayResponse, GetGatewayResponse(s), UpdateGatewayResponse and DeleteGatewayResponse. Every type AWS defines
/// answers with AWS's default until the API customises it; deleting a customisation brings the default back.
/// </summary>
internal static class GatewayResponseOperations
{
    public static async Task PutGatewayResponse(HttpContext context, RestApiService service, string restApiId, string responseType)
    {
        var input = await RestJson.ReadBodyAsync<PutGatewayResponseInput>(context.Request);
        CheckType(restApiId, responseType);
        var response = new RestGatewayResponse
        {
            ResponseType = responseType,
            StatusCode = input.StatusCode,
            ResponseParameters = input.ResponseParameters ?? new Dictionary<string, string>(),
            ResponseTemplates = input.ResponseTemplates ?? new Dictionary<string, string>(),
            DefaultResponse = false,
        };
        Validate(response);
        await service.EditAsync(restApiId, edit =>
        {
            edit.Update(With(edit.Document, response));
            return 0;
        }, context.RequestAborted);
        await RestJson.WriteAsync(context, 201, response);
    }

    public static async Task GetGatewayResponse(HttpContext context, RestApiService service, string restApiId, string responseType)
    {
        CheckType(restApiId, responseType);
        var document = await service.GetAsync(restApiId, context.RequestAborted);
        await RestJson.WriteAsync(context, 200, document.GatewayResponse(responseType));
    }

    public static async Task GetGatewayResponses(HttpContext context, RestApiService service, string restApiId)
    {
        var document = await service.GetAsync(restApiId, context.RequestAborted);
        var all = GatewayResponseTypes.All.Select(t => document.GatewayResponse(t.Type)).ToList();
        await RestJson.WriteAsync(context, 200, RestPagination.Apply(context.Request, all));
    }

    public static async Task UpdateGatewayResponse(HttpContext context, RestApiService service, string restApiId, string responseType)
    {
        var input = await RestJson.ReadBodyAsync<PatchInput>(context.Request);
        CheckType(restApiId, responseType);
        var response = await service.EditAsync(restApiId, edit =>
        {
            var updated = Patch.Apply(edit.Document.GatewayResponse(responseType), input.PatchOperations) with { DefaultResponse = false };
            Validate(updated);
            edit.Update(With(edit.Document, updated));
            return updated;
        }, context.RequestAborted);
        await RestJson.WriteAsync(context, 200, response);
    }

    public static async Task DeleteGatewayResponse(HttpContext context, RestApiService service, string restApiId, string responseType)
    {
        CheckType(restApiId, responseType);
        await service.EditAsync(restApiId, edit =>
        {
            if (!edit.Document.GatewayResponses.Any(r => r.ResponseType == responseType))
            {
                throw AwsException.NotFound("Gateway response type not defined on api");
            }

            edit.Update(edit.Document with { GatewayResponses = [.. edit.Document.GatewayResponses.Where(r => r.ResponseType != responseType)] });
            return 0;
        }, context.RequestAborted);
        await RestJson.WriteEmptyAsync(context, 202);
    }

    private static RestApiDocument With(RestApiDocument document, RestGatewayResponse response) => document with
    {
        GatewayResponses = [.. document.GatewayResponses.Where(r => r.ResponseType != response.ResponseType), response],
    };

    internal static void CheckType(string restApiId, string responseType)
    {
        _ = restApiId;
        if (!GatewayResponseTypes.IsDefined(responseType))
        {
            throw PatchErrors.ValidationException([$"Value '{responseType}' at 'responseType' failed to satisfy constraint: " +
                $"Member must satisfy enum value set: {GatewayResponseTypes.EnumText}"]);
        }
    }

    internal static void Validate(RestGatewayResponse response)
    {
        var validation = new Validation();
        if (response.StatusCode is { } status)
        {
            validation.Require(status.Length == 3 && status[0] is >= '1' and <= '5' && status.All(char.IsAsciiDigit),
                RestTree.StatusCodeError(status));
        }

        foreach (var name in (response.ResponseParameters ?? new Dictionary<string, string>()).Keys)
        {
            validation.Require(name.StartsWith("gatewayresponse.header.", StringComparison.Ordinal) && name.Length > "gatewayresponse.header.".Length,
                $"Invalid response parameter '{name}': must be gatewayresponse.header.{{name}}");
        }

        validation.ThrowIfAny();
    }

    // AWS answers /statusCode with add or remove as an invalid path (recorded).
    private static readonly PatchRules<RestGatewayResponse> Patch = new PatchRules<RestGatewayResponse>("updateGatewayResponseInput")
        .On("/statusCode", PatchOps.Replace, (r, p) => r with { StatusCode = p.Text() })
        .On("/responseParameters/{}", PatchOps.AddRemoveReplace, (r, p) => r with { ResponseParameters = Maps.Patch(r.ResponseParameters, p, p.Text) ?? new Dictionary<string, string>() })
        .On("/responseTemplates/{}", PatchOps.AddRemoveReplace, (r, p) => r with { ResponseTemplates = Maps.Patch(r.ResponseTemplates, p, () => p.Value ?? "") ?? new Dictionary<string, string>() })
        .InvalidOp((_, path, _) => $"Invalid patch path {path}");
}
