using Microsoft.AspNetCore.Http;

namespace Gatehouse.ControlPlane.Lambda;

/// <summary>PutFunctionConcurrency, GetFunctionConcurrency, DeleteFunctionConcurrency and GetAccountSettings.</summary>
internal static class ConcurrencyOperations
{
    /// <summary>The account's concurrency limit (Lambda's default quota).</summary>
    public const int AccountConcurrency = 1000;

    /// <summary>Lambda keeps this much of the account's concurrency unreserved.</summary>
    public const int MinimumUnreserved = 100;

    /// <summary>Lambda's limit on the code stored in an account and region: 75 GB.</summary>
    public const long TotalCodeSizeLimit = 75L * 1024 * 1024 * 1024;

    public static async Task PutFunctionConcurrency(HttpContext context, FunctionService service, string functionName)
    {
        var function = FunctionRef.ParseUnqualified(functionName);
        var input = await LambdaJson.ReadBodyAsync<ConcurrencyInput>(context.Request, "PutFunctionConcurrency");
        var validation = new LambdaValidation();
        validation.NotNull(input.ReservedConcurrentExecutions, "reservedConcurrentExecutions");
        validation.Range(input.ReservedConcurrentExecutions, "reservedConcurrentExecutions", 0);
        validation.ThrowIfAny();
        var reserved = input.ReservedConcurrentExecutions!.Value;

        // Every function's reservation counts against the account, so the check reads them all; the write lock of
        // FunctionService serializes it with other writes in this process.
        await service.EditAsync(function, async (edit, cancellationToken) =>
        {
            var others = (await service.Store.ListFunctionsAsync(cancellationToken))
                .Where(f => f.FunctionName != edit.Document.FunctionName)
                .Sum(f => f.ReservedConcurrentExecutions ?? 0);
            if (AccountConcurrency - others - reserved < MinimumUnreserved)
            {
                throw LambdaErrors.InvalidParameter(
                    $"Specified ReservedConcurrentExecutions for function decreases account's UnreservedConcurrentExecution below its minimum value of [{MinimumUnreserved}].");
            }

            if (edit.Document.ReservedConcurrentExecutions != reserved)
            {
                edit.Update(edit.Document with { ReservedConcurrentExecutions = reserved });
            }

            return 0;
        }, context.RequestAborted);
        await LambdaJson.WriteAsync(context, 200, new ConcurrencyShape(reserved));
    }

    public static async Task GetFunctionConcurrency(HttpContext context, FunctionService service, string functionName)
    {
        var function = FunctionRef.ParseUnqualified(functionName);
        var document = await service.GetAsync(function, context.RequestAborted);
        await LambdaJson.WriteAsync(context, 200, new { ReservedConcurrentExecutions = document.ReservedConcurrentExecutions });
    }

    public static async Task DeleteFunctionConcurrency(HttpContext context, FunctionService service, string functionName)
    {
        var function = FunctionRef.ParseUnqualified(functionName);
        await service.EditAsync(function, edit =>
        {
            if (edit.Document.ReservedConcurrentExecutions is not null)
            {
                edit.Update(edit.Document with { ReservedConcurrentExecutions = null });
            }

            return 0;
        }, context.RequestAborted);
        context.Response.StatusCode = 204;
    }

    public static async Task GetAccountSettings(HttpContext context, FunctionService service)
    {
        var functions = await service.Store.ListFunctionsAsync(context.RequestAborted);
        var reserved = functions.Sum(f => f.ReservedConcurrentExecutions ?? 0);
        // Lambda counts the code of every version, and a package shared by versions once per version.
        var codeSize = functions.SelectMany(FunctionService.AllVersions).Sum(v => v.Code.Size);
        await LambdaJson.WriteAsync(context, 200, new
        {
            AccountLimit = new
            {
                TotalCodeSize = TotalCodeSizeLimit,
                CodeSizeUnzipped = Functions.Code.CodeStore.MaxUnzippedSize,
                CodeSizeZipped = Functions.Code.CodeStore.MaxZippedSize,
                ConcurrentExecutions = AccountConcurrency,
                UnreservedConcurrentExecutions = AccountConcurrency - reserved,
            },
            AccountUsage = new { TotalCodeSize = codeSize, FunctionCount = (long)functions.Count },
        });
    }
}
