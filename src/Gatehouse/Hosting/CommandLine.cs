using System.CommandLine;
using Gatehouse.ControlPlane.Iam;
using Gatehouse.DataPlane;
using Gatehouse.Store.State;
using Gatehouse.Store.State.Redis;
using Microsoft.Extensions.Logging;

namespace Gatehouse.Hosting;

/// <summary>The <c>gatehouse</c> command line: <c>gatehouse serve [options]</c>.</summary>
internal static class CommandLine
{
    /// <summary>The environment variable that gives <c>--state-store</c>'s default.</summary>
    public const string StateStoreVariable = "GATEHOUSE_STATE_STORE";

    public static async Task<int> RunAsync(string[] args)
    {
        var urls = new Option<string>("--urls")
        {
            Description = "Addresses to listen on, separated by ';' (port 0 picks a free port)",
            DefaultValueFactory = _ => "http://127.0.0.1:8080",
        };
        var adminUrls = new Option<string?>("--admin-urls")
        {
            Description = "Addresses of an admin listener for the control plane and /metrics, separated by ';'. When set, the " +
                "--urls listener serves only the data plane (put it on the public network, and this one on a private one)",
        };
        foreach (var option in new Option[] { urls, adminUrls })
        {
            option.Validators.Add(result =>
            {
                foreach (var url in (result.GetValueOrDefault<string?>() ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                {
                    if (!Listeners.TryParse(url, out _, out var error))
                    {
                        result.AddError($"{option.Name}: {error}");
                    }
                }
            });
        }

        var dataDir = new Option<string>("--data-dir")
        {
            Description = "Directory for the embedded SQLite config store",
            DefaultValueFactory = _ => "./.gatehouse",
        };
        var region = new Option<string>("--region")
        {
            Description = "AWS region used in ARNs and endpoints",
            DefaultValueFactory = _ => "us-east-1",
        };
        var accountId = new Option<string>("--account-id")
        {
            Description = "AWS account id used in ARNs and error messages",
            DefaultValueFactory = _ => "000000000000",
        };
        var logLevel = new Option<LogLevel>("--log-level")
        {
            Description = "Minimum level of log messages: Trace, Debug, Information, Warning, Error, Critical, None",
            DefaultValueFactory = _ => LogLevel.Information,
        };
        var controlPlaneRate = new Option<double>("--control-plane-rate-limit")
        {
            Description = "Control-plane requests per second before 429 TooManyRequestsException (0: no limit)",
            DefaultValueFactory = _ => 100,
        };
        var controlPlaneBurst = new Option<int>("--control-plane-burst-limit")
        {
            Description = "Control-plane requests allowed in a burst",
            DefaultValueFactory = _ => 200,
        };
        var lambdaConcurrency = new Option<int>("--lambda-concurrency-limit")
        {
            Description = "The account's Lambda concurrency: invocations running at once over all functions (Lambda's default 1000)",
            DefaultValueFactory = _ => 1000,
        };
        var lambdaIdle = new Option<double>("--lambda-idle-seconds")
        {
            Description = "How long a warm Lambda worker may stay idle before it is stopped",
            DefaultValueFactory = _ => 300,
        };
        var lambdaRetryDelay = new Option<double?>("--lambda-event-retry-delay-seconds")
        {
            Description = "Delay before each retry of a failed asynchronous invocation (default: Lambda's 60 s, then 120 s)",
        };
        var iamSeedFile = new Option<string?>("--iam-seed-file")
        {
            Description = "A JSON file of IAM users, access keys and inline policies to create or update at start (idempotent)",
        };
        var jwtAllowEcdsa = new Option<bool>("--jwt-allow-ecdsa")
        {
            Description = "Let JWT authorizers accept ES256/ES384/ES512 tokens too (AWS's HTTP APIs accept only RSA algorithms)",
        };
        var cognitoEndpoint = new Option<string?>("--cognito-idp-endpoint")
        {
            Description = "Where REST APIs' Cognito user pools issue tokens: a pool's issuer is {endpoint}/{poolId} (default: Amazon Cognito, " +
                "https://cognito-idp.{region}.amazonaws.com); point it at a local Cognito emulator",
        };
        cognitoEndpoint.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string?>() is { } text &&
                !(Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)))
            {
                result.AddError("--cognito-idp-endpoint must be an http:// or https:// URL");
            }
        });
        var accountRate = new Option<double>("--account-rate-limit")
        {
            Description = "The account's data-plane limit over every API, requests per second (API Gateway's default 10000; 0: no account limit)",
            DefaultValueFactory = _ => DataPlaneOptions.AwsAccountThrottle.RatePerSecond,
        };
        var accountBurst = new Option<double>("--account-burst-limit")
        {
            Description = "The account's data-plane burst: requests admitted at once above the rate (API Gateway's default 5000)",
            DefaultValueFactory = _ => DataPlaneOptions.AwsAccountThrottle.Burst,
        };
        var cloudWatchMetrics = new Option<string>("--cloudwatch-metrics")
        {
            Description = "Record the AWS/ApiGateway and AWS/Lambda metrics into the metric store: on (default) or off",
            DefaultValueFactory = _ => "on",
        };
        cloudWatchMetrics.AcceptOnlyFromAmong("on", "off");
        var stateStore = new Option<string>("--state-store")
        {
            Description = "Where rate limits, quotas and caches live: 'memory' (this node) or redis://[:password@]host:port[/db] " +
                $"(shared by every node using it; rediss:// for TLS). Default: ${StateStoreVariable}, else memory " +
                "(the variable keeps a password out of the process list)",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable(StateStoreVariable) is { Length: > 0 } fromEnvironment ? fromEnvironment : "memory",
        };
        // Hidden: for tests, which cannot wait a minute for each alarm evaluation.
        var alarmEvaluationInterval = new Option<double>("--alarm-evaluation-interval")
        {
            Description = "Seconds between alarm evaluations (CloudWatch evaluates every 60)",
            DefaultValueFactory = _ => 60,
            Hidden = true,
        };
        alarmEvaluationInterval.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<double>();
            if (value < 0.1 || !double.IsFinite(value))
            {
                result.AddError("--alarm-evaluation-interval must be at least 0.1 seconds");
            }
        });
        stateStore.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<string>();
            if (value is null || value == "memory")
            {
                return;
            }

            try
            {
                RedisStateStoreOptions.Parse(value);
            }
            catch (FormatException e)
            {
                result.AddError("--state-store: " + e.Message);
            }
        });
        foreach (var option in new[] { accountRate, accountBurst })
        {
            option.Validators.Add(result =>
            {
                var value = result.GetValueOrDefault<double>();
                if (value < 0 || !double.IsFinite(value))
                {
                    result.AddError($"{option.Name} must be a number of at least 0");
                }
            });
        }

        lambdaConcurrency.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < 1)
            {
                result.AddError("--lambda-concurrency-limit must be at least 1");
            }
        });
        accountId.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<string>();
            if (value is null || value.Length != 12 || !value.All(char.IsAsciiDigit))
            {
                result.AddError("--account-id must be 12 digits");
            }
        });

        var otlpEndpoint = new Option<string?>("--otlp-endpoint")
        {
            Description = $"Export metrics and spans over OTLP to this collector (default: ${OtlpOptions.EndpointVariable}; none: no export)",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable(OtlpOptions.EndpointVariable) is { Length: > 0 } fromEnvironment ? fromEnvironment : null,
        };
        var otlpProtocol = new Option<string>("--otlp-protocol")
        {
            Description = $"grpc or http/protobuf (default: ${OtlpOptions.ProtocolVariable}, else grpc)",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable(OtlpOptions.ProtocolVariable) is { Length: > 0 } fromEnvironment ? fromEnvironment : "grpc",
        };
        otlpProtocol.Validators.Add(result =>
        {
            if (!OtlpOptions.TryParseProtocol(result.GetValueOrDefault<string>(), out _))
            {
                result.AddError("--otlp-protocol must be grpc or http/protobuf");
            }
        });
        otlpEndpoint.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string?>() is { } text && OtlpOptions.ParseEndpoint(text) is null)
            {
                result.AddError("--otlp-endpoint must be an http:// or https:// URL");
            }
        });
        var traceSampleRatio = new Option<double>("--trace-sample-ratio")
        {
            Description = "With OTLP export: the share of requests (0 to 1) whose spans are recorded when the caller's trace header does not decide",
            DefaultValueFactory = _ => 1,
        };
        traceSampleRatio.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<double>() is < 0 or > 1 or double.NaN)
            {
                result.AddError("--trace-sample-ratio must be between 0 and 1");
            }
        });

        var serve = new Command("serve", "Run the gateway: control plane and data plane on one listener")
        {
            urls, adminUrls, dataDir, region, accountId, logLevel, controlPlaneRate, controlPlaneBurst, lambdaConcurrency, lambdaIdle, lambdaRetryDelay,
            iamSeedFile, jwtAllowEcdsa, cognitoEndpoint, accountRate, accountBurst, stateStore, otlpEndpoint, otlpProtocol, traceSampleRatio, alarmEvaluationInterval,
            cloudWatchMetrics,
        };
        serve.Validators.Add(result =>
        {
            // A bucket smaller than one token admits nothing: with a rate, that would be a silent total block.
            if (result.GetValue(accountRate) > 0 && result.GetValue(accountBurst) < 1)
            {
                result.AddError("--account-burst-limit must be at least 1 when --account-rate-limit is above 0 (0 turns the account limit off)");
            }
        });
        serve.SetAction((parseResult, cancellationToken) => RunReportingSeedErrorsAsync(new ServerOptions
        {
            Urls = parseResult.GetValue(urls)!,
            AdminUrls = parseResult.GetValue(adminUrls) is { Length: > 0 } admin ? admin : null,
            // Absolute from here on: workers run in their code directory and must still find the data directory.
            DataDirectory = Path.GetFullPath(parseResult.GetValue(dataDir)!),
            Region = parseResult.GetValue(region)!,
            AccountId = parseResult.GetValue(accountId)!,
            LogLevel = parseResult.GetValue(logLevel),
            ControlPlaneRateLimit = parseResult.GetValue(controlPlaneRate),
            ControlPlaneBurstLimit = parseResult.GetValue(controlPlaneBurst),
            LambdaConcurrencyLimit = parseResult.GetValue(lambdaConcurrency),
            LambdaIdleTimeout = TimeSpan.FromSeconds(parseResult.GetValue(lambdaIdle)),
            LambdaEventRetryDelay = parseResult.GetValue(lambdaRetryDelay) is { } delay ? TimeSpan.FromSeconds(delay) : null,
            IamSeedFile = parseResult.GetValue(iamSeedFile) is { } seed ? Path.GetFullPath(seed) : null,
            JwtAllowEcdsa = parseResult.GetValue(jwtAllowEcdsa),
            CognitoIdpEndpoint = parseResult.GetValue(cognitoEndpoint),
            AccountThrottle = parseResult.GetValue(accountRate) is > 0 and var rate ? new TokenBucketLimits(rate, parseResult.GetValue(accountBurst)) : null,
            StateStore = parseResult.GetValue(stateStore) is { } store && store != "memory" ? RedisStateStoreOptions.Parse(store) : null,
            Otlp = OtlpOptions.ParseEndpoint(parseResult.GetValue(otlpEndpoint)) is { } endpoint && OtlpOptions.TryParseProtocol(parseResult.GetValue(otlpProtocol), out var protocol)
                ? new OtlpOptions(endpoint, protocol)
                : null,
            TraceSampleRatio = parseResult.GetValue(traceSampleRatio),
            AlarmEvaluationInterval = TimeSpan.FromSeconds(parseResult.GetValue(alarmEvaluationInterval)),
            CloudWatchMetrics = parseResult.GetValue(cloudWatchMetrics) == "on",
        }, cancellationToken));

        var root = new RootCommand("Gatehouse: a self-hosted API gateway that speaks Amazon API Gateway") { serve };
        // The web host handles Ctrl-C and SIGTERM itself and shuts down cleanly.
        return await root.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });
    }

    /// <summary>
    /// A seed file that cannot be applied, or a configuration Gatehouse refuses (a public listener without administrator
    /// credentials), stops Gatehouse with the problem on stderr and exit code 2.
    /// </summary>
    private static async Task<int> RunReportingSeedErrorsAsync(ServerOptions options, CancellationToken cancellationToken)
    {
        try
        {
            return await GatehouseServer.RunAsync(options with { Admin = AdminCredentials.FromEnvironment() }, cancellationToken);
        }
        catch (Exception e) when (e is IamSeedException or StartupException)
        {
            await Console.Error.WriteLineAsync("gatehouse: " + e.Message);
            return 2;
        }
    }
}
