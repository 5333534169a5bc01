using System.Globalization;
using Gatehouse.Model.Functions;
using Microsoft.AspNetCore.Http;

namespace Gatehouse.ControlPlane.Lambda;

/// <summary>PublishVersion and ListVersionsByFunction.</summary>
internal static class VersionOperations
{
    public static async Task PublishVersion(HttpContext context, FunctionService service, string functionName)
    {
        var function = FunctionRef.ParseUnqualified(functionName);
        var input = await LambdaJson.ReadBodyAsync<PublishVersionInput>(context.Request, "PublishVersion");
        var validation = new LambdaValidation();
        validation.Length(input.Description, "description", 0, 256);
        validation.ThrowIfAny();

        var answer = await service.EditAsync(function, edit =>
        {
            var document = edit.Document;
            var latest = document.Latest;
            FunctionOperations.CheckRevision(input.RevisionId, latest.RevisionId);
            if (input.CodeSha256 is not null && input.CodeSha256 != latest.Code.Sha256)
            {
                throw LambdaErrors.InvalidParameter(
                    $"CodeSHA256 ({input.CodeSha256}) is different from current CodeSHA256 in $LATEST ({latest.Code.Sha256}). Please try again with the CodeSHA256 in $LATEST.");
            }

            FunctionOperations.EnsureUpdatable(service, document);
            var (published, version) = Publish(document, input.Description);
            if (!ReferenceEquals(published, document))
            {
                edit.Update(published);
            }

            return FunctionShapes.Configuration(document.FunctionName, version, service.Arn(document.FunctionName, version.Version));
        }, context.RequestAborted);
        await LambdaJson.WriteAsync(context, 201, answer);
    }

    public static async Task ListVersionsByFunction(HttpContext context, FunctionService service, string functionName)
    {
        var function = FunctionRef.ParseUnqualified(functionName);
        var document = await service.GetAsync(function, context.RequestAborted);
        var versions = FunctionService.AllVersions(document)
            .Select(v => (Key: LambdaPaging.VersionKey(v.Version), Version: v))
            .OrderBy(v => v.Key, StringComparer.Ordinal)
            .ToList();
        var page = LambdaPaging.Apply(context.Request, versions, v => v.Key);
        await LambdaJson.WriteAsync(context, 200, new
        {
            NextMarker = page.NextMarker,
            Versions = page.Items.Select(v =>
                FunctionShapes.ListItem(FunctionShapes.Configuration(document.FunctionName, v.Version, service.Arn(document.FunctionName, v.Version.Version)))),
        });
    }

    /// <summary>
    /// Publishes <c>$LATEST</c> as the next version number, unless nothing has changed since the last published version:
    /// then Lambda returns that version and publishes nothing (the document comes back unchanged, same reference).
    /// </summary>
    public static (FunctionDocument Document, FunctionVersion Version) Publish(FunctionDocument document, string? description)
    {
        ArgumentNullException.ThrowIfNull(document);
        var latest = document.Latest;
        if (document.Versions.Count > 0 && SameConfiguration(document.Versions[^1], latest))
        {
            return (document, document.Versions[^1]);
        }

        var version = latest with
        {
            Version = document.NextVersionNumber.ToString(CultureInfo.InvariantCulture),
            Description = description ?? latest.Description,
            RevisionId = FunctionService.NewRevisionId(),
            State = "Pending",
            StateReason = FunctionService.CreatingReason,
            StateReasonCode = "Creating",
            LastUpdateStatus = "Successful",
            LastUpdateStatusReason = null,
            LastUpdateStatusReasonCode = null,
        };
        return (document with { Versions = [.. document.Versions, version], NextVersionNumber = document.NextVersionNumber + 1 }, version);
    }

    /// <summary>
    /// Whether a published version holds what <c>$LATEST</c> holds now: the same code and configuration. The
    /// description is left out: PublishVersion may give a version its own.
    /// </summary>
    public static bool SameConfiguration(FunctionVersion published, FunctionVersion latest)
    {
        ArgumentNullException.ThrowIfNull(published);
        ArgumentNullException.ThrowIfNull(latest);
        return published.Code.Id == latest.Code.Id &&
            published.Runtime == latest.Runtime &&
            published.Handler == latest.Handler &&
            published.Role == latest.Role &&
            published.Timeout == latest.Timeout &&
            published.MemorySize == latest.MemorySize &&
            published.EphemeralStorageSize == latest.EphemeralStorageSize &&
            published.TracingMode == latest.TracingMode &&
            published.Architectures.SequenceEqual(latest.Architectures) &&
            published.Environment.Count == latest.Environment.Count &&
            published.Environment.All(e => latest.Environment.TryGetValue(e.Key, out var value) && value == e.Value);
    }
}
