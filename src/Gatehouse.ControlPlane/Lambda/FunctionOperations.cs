using Gatehouse.Model.Functions;
using Microsoft.AspNetCore.Http;

namespace Gatehouse.ControlPlane.Lambda;

/// <summary>
/// CreateFunction, GetFunction, GetFunctionConfiguration, ListFunctions, UpdateFunctionCode,
/// UpdateFunctionConfiguration, DeleteFunction, and the download of a function's code (GetFunction's Code.Location).
/// </summary>
internal static class FunctionOperations
{
    public const string CodePath = "/_gatehouse/lambda/code";

    public static async Task CreateFunction(HttpContext context, FunctionService service)
    {
        var input = await LambdaJson.ReadBodyAsync<CreateFunctionInput>(context.Request, "CreateFunction", LambdaJson.CodeBodyLimit);
        var validation = new LambdaValidation();
        validation.NotNull(input.FunctionName, "functionName");
        validation.NotNull(input.Role, "role");
        validation.NotNull(input.Code, "code");
        FunctionSettings.Validate(validation, input.Role, input.Handler, input.Description, input.Timeout, input.MemorySize,
            input.EphemeralStorage, input.TracingConfig, input.Environment?.Variables);
        FunctionSettings.ValidateArchitectures(validation, input.Architectures);
        validation.Enum(input.PackageType, "packageType", FunctionSettings.PackageTypes);
        validation.ThrowIfAny();

        var function = FunctionRef.Parse(input.FunctionName!);
        if (function.IsQualified)
        {
            throw LambdaErrors.InvalidParameter($"A function is created without a qualifier; {input.FunctionName} names a version or alias.");
        }

        if (input.PackageType == "Image")
        {
            throw LambdaErrors.NotSupported("PackageType Image (container image functions)");
        }

        if (string.IsNullOrEmpty(input.Runtime) || (string.IsNullOrEmpty(input.Handler) && !Runtimes.IsCustom(input.Runtime)))
        {
            throw LambdaErrors.InvalidParameter("Runtime and Handler are mandatory parameters for functions created with deployment packages.");
        }

        if (Runtimes.Check(input.Runtime) is { } runtimeError)
        {
            throw runtimeError;
        }

        FunctionSettings.RefuseUnsupported(input.VpcConfig, input.DeadLetterConfig, input.KMSKeyArn, input.Layers, input.FileSystemConfigs,
            input.ImageConfig, input.SnapStart, input.TracingConfig, input.CodeSigningConfigArn);
        FunctionSettings.RefuseOtherCodeSources(input.Code!.S3Bucket, input.Code.S3Key, input.Code.ImageUri);
        if (input.Code.ZipFile is not { Length: > 0 } zip)
        {
            throw LambdaErrors.InvalidParameter("Please provide a source for function code.");
        }

        FunctionSettings.CheckEnvironment(input.Environment?.Variables);
        TagOperations.CheckTags(input.Tags);
        if (await service.Store.GetFunctionAsync(function.Name, context.RequestAborted) is not null)
        {
            throw LambdaErrors.Conflict($"Function already exist: {function.Name}");
        }

        var code = await service.SaveCodeAsync(zip, "CreateFunction", context.RequestAborted);
        var latest = new FunctionVersion
        {
            Version = FunctionVersion.LatestName,
            Runtime = input.Runtime,
            Handler = input.Handler ?? "",
            Role = input.Role!,
            Description = input.Description ?? "",
            Timeout = input.Timeout ?? 3,
            MemorySize = input.MemorySize ?? 128,
            Environment = input.Environment?.Variables ?? [],
            Code = code,
            Architectures = input.Architectures ?? ["x86_64"],
            EphemeralStorageSize = input.EphemeralStorage?.Size ?? 512,
            TracingMode = input.TracingConfig?.Mode ?? "PassThrough",
            LastModified = DateTimeOffset.UtcNow,
            RevisionId = FunctionService.NewRevisionId(),
            State = "Pending",
            StateReason = FunctionService.CreatingReason,
            StateReasonCode = "Creating",
        };
        var document = new FunctionDocument { FunctionName = function.Name, Latest = latest, Tags = input.Tags ?? [] };
        FunctionVersion answered = latest;
        if (input.Publish == true)
        {
            (document, answered) = VersionOperations.Publish(document, description: null);
        }

        await service.CreateAsync(document, context.RequestAborted);
        await LambdaJson.WriteAsync(context, 201, FunctionShapes.Configuration(function.Name, answered, service.Arn(function.Name)));
    }

    public static async Task GetFunction(HttpContext context, FunctionService service, string functionName)
    {
        var function = FunctionRef.Parse(functionName, Qualifier(context), namespaced: true);
        var document = await service.GetAsync(function, context.RequestAborted);
        var (version, arn) = Resolve(service, document, function);
        var request = context.Request;
        await LambdaJson.WriteAsync(context, 200, new GetFunctionShape(
            FunctionShapes.Configuration(document.FunctionName, version, arn),
            new CodeLocationShape("S3", $"{request.Scheme}://{request.Host}{CodePath}/{version.Code.Id}"),
            document.Tags.Count == 0 ? null : document.Tags,
            document.ReservedConcurrentExecutions is { } reserved ? new ConcurrencyShape(reserved) : null));
    }

    public static async Task GetFunctionConfiguration(HttpContext context, FunctionService service, string functionName)
    {
        var function = FunctionRef.Parse(functionName, Qualifier(context), namespaced: true);
        var document = await service.GetAsync(function, context.RequestAborted);
        var (version, arn) = Resolve(service, document, function);
        await LambdaJson.WriteAsync(context, 200, FunctionShapes.Configuration(document.FunctionName, version, arn));
    }

    public static async Task ListFunctions(HttpContext context, FunctionService service)
    {
        var all = context.Request.Query["FunctionVersion"].ToString();
        if (all.Length > 0)
        {
            var validation = new LambdaValidation();
            validation.Enum(all, "functionVersion", ["ALL"]);
            validation.ThrowIfAny();
        }

        var items = new List<(string Key, FunctionConfigurationShape Configuration)>();
        foreach (var document in await service.Store.ListFunctionsAsync(context.RequestAborted))
        {
            var versions = all.Length > 0 ? FunctionService.AllVersions(document) : [document.Latest];
            foreach (var version in versions)
            {
                var arn = all.Length > 0 ? service.Arn(document.FunctionName, version.Version) : service.Arn(document.FunctionName);
                // '\u0001' sorts below every character a name may hold: the keys order by name, then by version.
                items.Add((document.FunctionName + '\u0001' + LambdaPaging.VersionKey(version.Version),
                    FunctionShapes.ListItem(FunctionShapes.Configuration(document.FunctionName, version, arn))));
            }
        }

        items.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        var page = LambdaPaging.Apply(context.Request, items, i => i.Key);
        await LambdaJson.WriteAsync(context, 200, new { NextMarker = page.NextMarker, Functions = page.Items.Select(i => i.Configuration) });
    }

    public static async Task UpdateFunctionCode(HttpContext context, FunctionService service, string functionName)
    {
        var function = FunctionRef.ParseUnqualified(functionName);
        var input = await LambdaJson.ReadBodyAsync<UpdateFunctionCodeInput>(context.Request, "UpdateFunctionCode", LambdaJson.CodeBodyLimit);
        var validation = new LambdaValidation();
        FunctionSettings.ValidateArchitectures(validation, input.Architectures);
        validation.ThrowIfAny();
        FunctionSettings.RefuseOtherCodeSources(input.S3Bucket, input.S3Key, input.ImageUri);
        if (input.ZipFile is not { Length: > 0 } zip)
        {
            throw LambdaErrors.InvalidParameter("Please provide a source for function code.");
        }

        if (input.DryRun == true)
        {
            // Checks everything, changes nothing: the answer shows the configuration the update would produce.
            var dryCode = service.InspectCode(zip, "UpdateFunctionCode");
            var current = await service.GetAsync(function, context.RequestAborted);
            CheckRevision(input.RevisionId, current.Latest.RevisionId);
            var preview = current.Latest with { Code = dryCode, Architectures = input.Architectures ?? current.Latest.Architectures };
            await LambdaJson.WriteAsync(context, 200, FunctionShapes.Configuration(current.FunctionName, preview, service.Arn(current.FunctionName)));
            return;
        }

        await service.GetAsync(function, context.RequestAborted);
        var code = await service.SaveCodeAsync(zip, "UpdateFunctionCode", context.RequestAborted);
        var answer = await service.EditAsync(function, edit =>
        {
            var document = edit.Document;
            CheckRevision(input.RevisionId, document.Latest.RevisionId);
            EnsureUpdatable(service, document);
            document = document with { Latest = Updating(document.Latest) with { Code = code, Architectures = input.Architectures ?? document.Latest.Architectures } };
            if (input.Publish == true)
            {
                (document, var published) = VersionOperations.Publish(document, description: null);
                edit.Update(document);
                return FunctionShapes.Configuration(document.FunctionName, published, service.Arn(document.FunctionName, published.Version));
            }

            edit.Update(document);
            return FunctionShapes.Configuration(document.FunctionName, document.Latest, service.Arn(document.FunctionName));
        }, context.RequestAborted);
        await LambdaJson.WriteAsync(context, 200, answer);
    }

    public static async Task UpdateFunctionConfiguration(HttpContext context, FunctionService service, string functionName)
    {
        var function = FunctionRef.ParseUnqualified(functionName);
        var input = await LambdaJson.ReadBodyAsync<UpdateFunctionConfigurationInput>(context.Request, "UpdateFunctionConfiguration");
        var validation = new LambdaValidation();
        FunctionSettings.Validate(validation, input.Role, input.Handler, input.Description, input.Timeout, input.MemorySize,
            input.EphemeralStorage, input.TracingConfig, input.Environment?.Variables);
        validation.ThrowIfAny();
        if (input.Runtime is not null && Runtimes.Check(input.Runtime) is { } runtimeError)
        {
            throw runtimeError;
        }

        FunctionSettings.RefuseUnsupported(input.VpcConfig, input.DeadLetterConfig, input.KMSKeyArn, input.Layers, input.FileSystemConfigs,
            input.ImageConfig, input.SnapStart, input.TracingConfig);
        FunctionSettings.CheckEnvironment(input.Environment?.Variables);

        var answer = await service.EditAsync(function, edit =>
        {
            var document = edit.Document;
            var latest = document.Latest;
            CheckRevision(input.RevisionId, latest.RevisionId);
            EnsureUpdatable(service, document);
            var updated = Updating(latest) with
            {
                Role = input.Role ?? latest.Role,
                Handler = input.Handler ?? latest.Handler,
                Description = input.Description ?? latest.Description,
                Timeout = input.Timeout ?? latest.Timeout,
                MemorySize = input.MemorySize ?? latest.MemorySize,
                Runtime = input.Runtime ?? latest.Runtime,
                // Environment is replaced whole; an Environment without Variables removes them all.
                Environment = input.Environment is null ? latest.Environment : input.Environment.Variables ?? [],
                TracingMode = input.TracingConfig?.Mode ?? latest.TracingMode,
                EphemeralStorageSize = input.EphemeralStorage?.Size ?? latest.EphemeralStorageSize,
            };
            if (updated.Handler.Length == 0 && !Runtimes.IsCustom(updated.Runtime))
            {
                throw LambdaErrors.InvalidParameter("Runtime and Handler are mandatory parameters for functions created with deployment packages.");
            }

            edit.Update(document with { Latest = updated });
            return FunctionShapes.Configuration(document.FunctionName, updated, service.Arn(document.FunctionName));
        }, context.RequestAborted);
        await LambdaJson.WriteAsync(context, 200, answer);
    }

    public static async Task DeleteFunction(HttpContext context, FunctionService service, string functionName)
    {
        var function = FunctionRef.Parse(functionName, Qualifier(context));
        if (function.Qualifier is null)
        {
            if (!await service.DeleteAsync(function.Name, context.RequestAborted))
            {
                throw service.NotFound(function);
            }

            context.Response.StatusCode = 204;
            return;
        }

        if (function.Qualifier == FunctionVersion.LatestName)
        {
            throw LambdaErrors.InvalidParameter("$LATEST version cannot be deleted without deleting the function.");
        }

        if (!FunctionRef.IsVersionNumber(function.Qualifier))
        {
            throw LambdaErrors.InvalidParameter("Deletion of aliases is not supported.");
        }

        await service.EditAsync(function, edit =>
        {
            var document = edit.Document;
            if (document.FindVersion(function.Qualifier) is null)
            {
                throw service.NotFound(function);
            }

            var referencing = document.Aliases
                .Where(a => a.FunctionVersion == function.Qualifier || a.AdditionalVersionWeights.ContainsKey(function.Qualifier))
                .Select(a => a.Name)
                .ToList();
            if (referencing.Count > 0)
            {
                throw LambdaErrors.Conflict($"Unable to delete version because the following aliases reference it: [{string.Join(", ", referencing)}]");
            }

            edit.Update(document with
            {
                Versions = [.. document.Versions.Where(v => v.Version != function.Qualifier)],
                Policy = [.. document.Policy.Where(s => s.Qualifier != function.Qualifier)],
            });
            return 0;
        }, context.RequestAborted);
        context.Response.StatusCode = 204;
    }

    /// <summary>
    /// Serves a version's zip: the URL GetFunction gives as Code.Location (AWS gives a presigned S3 URL, downloaded
    /// without signing). The id is the zip's SHA-256, so it names that content only.
    /// </summary>
    public static async Task DownloadCode(HttpContext context, FunctionService service, string codeId)
    {
        if (!service.Code.Contains(codeId))
        {
            throw new AwsException(404, "NoSuchKey", "The specified key does not exist.");
        }

        await using var zip = service.Code.OpenZip(new FunctionCode { Id = codeId, Sha256 = "", Size = 0 });
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/zip";
        context.Response.ContentLength = zip.Length;
        await zip.CopyToAsync(context.Response.Body, context.RequestAborted);
    }

    /// <summary>The <c>Qualifier</c> query parameter, or null.</summary>
    public static string? Qualifier(HttpContext context) =>
        context.Request.Query.TryGetValue("Qualifier", out var value) ? value.ToString() : null;

    /// <summary>
    /// The version a reference names and the ARN Lambda reports for it: unqualified for a bare name, else qualified by
    /// the version or alias given (an alias answers with its version's configuration under the alias's ARN).
    /// </summary>
    public static (FunctionVersion Version, string Arn) Resolve(FunctionService service, FunctionDocument document, FunctionRef function)
    {
        if (function.Qualifier is not { } qualifier)
        {
            return (document.Latest, service.Arn(document.FunctionName));
        }

        var arn = service.Arn(document.FunctionName, qualifier);
        if (document.FindVersion(qualifier) is { } version)
        {
            return (version, arn);
        }

        if (document.FindAlias(qualifier) is { } alias && document.FindVersion(alias.FunctionVersion) is { } target)
        {
            return (target, arn);
        }

        throw LambdaErrors.FunctionNotFound(arn);
    }

    public static void CheckRevision(string? expected, string actual)
    {
        if (expected is not null && expected != actual)
        {
            throw LambdaErrors.PreconditionFailed();
        }
    }

    /// <summary>Lambda refuses a change while the function is being created or the last update is being applied.</summary>
    public static void EnsureUpdatable(FunctionService service, FunctionDocument document)
    {
        if (document.Latest.State == "Pending")
        {
            throw LambdaErrors.NotInState("Pending");
        }

        if (document.Latest.LastUpdateStatus == "InProgress")
        {
            throw LambdaErrors.UpdateInProgress(service.Arn(document.FunctionName));
        }
    }

    /// <summary><c>$LATEST</c> as an update leaves it: InProgress until the background step settles it.</summary>
    private static FunctionVersion Updating(FunctionVersion latest) => latest with
    {
        LastModified = DateTimeOffset.UtcNow,
        RevisionId = FunctionService.NewRevisionId(),
        LastUpdateStatus = "InProgress",
        LastUpdateStatusReason = FunctionService.CreatingReason,
        LastUpdateStatusReasonCode = "Creating",
    };
}
