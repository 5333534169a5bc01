using System.Text.Json;
using Gatehouse.IntegrationTests.Infrastructure;

namespace Gatehouse.IntegrationTests.Functions;

/// <summary><c>aws lambda invoke</c> through the real CLI: what it printed, and the payload it wrote to its out file.</summary>
internal static class LambdaInvoker
{
    public static async Task<(JsonElement Meta, string Payload)> InvokeAsync(this AwsCli cli, string name, string payload = "{}", params string[] extra)
    {
        var output = Path.Combine(Path.GetTempPath(), "gatehouse-it-out-" + Guid.NewGuid().ToString("N") + ".json");
        try
        {
            var result = (await cli.LambdaAsync([
                "invoke", "--function-name", name, "--cli-binary-format", "raw-in-base64-out", "--payload", payload, .. extra, output])).ShouldSucceed();
            return (result.Json, File.Exists(output) ? await File.ReadAllTextAsync(output) : "");
        }
        finally
        {
            File.Delete(output);
        }
    }

    /// <summary>A package of text files, all readable (and a <c>bootstrap</c> executable).</summary>
    public static byte[] Package(params (string Path, string Content)[] files) =>
        LambdaKit.Zip([.. files.Select(f => (f.Path, f.Content, 0x8000 | (f.Path == "bootstrap" ? 0b111_101_101 : 0b110_100_100)))]);
}
