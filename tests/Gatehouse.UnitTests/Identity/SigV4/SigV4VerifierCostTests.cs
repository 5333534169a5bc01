using System.Diagnostics;
using Gatehouse.Identity.SigV4;
using static Gatehouse.UnitTests.Identity.SigV4.SigV4TestKit;

namespace Gatehouse.UnitTests.Identity.SigV4;

/// <summary>
/// The verifier runs once per signed request on the gateway's hot path: it must stay allocation-light (no strings or
/// arrays per signed header, no LINQ, pooled buffers), so a regression shows up here rather than in the benchmark.
/// </summary>
public sealed class SigV4VerifierCostTests
{
    [Fact]
    public void Verify_CliLikeRequest_AllocatesAlmostNothing()
    {
        var request = new SigV4SigningRequest("POST", "/production/v2/apis")
        {
            RawQuery = "maxResults=5",
            Headers = [new("Host", "127.0.0.1:8080"), new("Content-Type", "application/json")],
            Body = """{"name": "demo", "protocolType": "HTTP"}"""u8.ToArray(),
        };
        var received = Received(request, Signer().Sign(request));
        var verifier = Verifier();
        for (var i = 0; i < 100; i++)
        {
            Assert.True(verifier.Verify(received, Service, Region).Succeeded);
        }

        const int Iterations = 1000;
        var before = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < Iterations; i++)
        {
            verifier.Verify(received, Service, Region);
        }

        clock.Stop();
        var perCall = (GC.GetAllocatedBytesForCurrentThread() - before) / Iterations;

        // The access key id string (for ICredentialSource.Find) is the only allocation left (64 bytes in a plain
        // process); the bound leaves room for the test host, and a mismatch, for contrast, allocates about 2 KB.
        Assert.True(perCall <= 256, $"Verify allocated {perCall} bytes per call ({clock.Elapsed.TotalMicroseconds / Iterations:F1} µs per call)");
    }
}
