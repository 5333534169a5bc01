namespace Gatehouse.Observability.Alarms;

/// <summary>The long names of AWS regions, as alarm notifications spell the region (<c>US East (N. Virginia)</c>).</summary>
internal static class RegionNames
{
    private static readonly Dictionary<string, string> Names = new(StringComparer.Ordinal)
    {
        ["us-east-1"] = "US East (N. Virginia)",
        ["us-east-2"] = "US East (Ohio)",
        ["us-west-1"] = "US West (N. California)",
        ["us-west-2"] = "US West (Oregon)",
        ["ca-central-1"] = "Canada (Central)",
        ["eu-west-1"] = "EU (Ireland)",
        ["eu-west-2"] = "EU (London)",
        ["eu-west-3"] = "EU (Paris)",
        ["eu-central-1"] = "EU (Frankfurt)",
        ["eu-north-1"] = "EU (Stockholm)",
        ["eu-south-1"] = "EU (Milan)",
        ["ap-northeast-1"] = "Asia Pacific (Tokyo)",
        ["ap-northeast-2"] = "Asia Pacific (Seoul)",
        ["ap-northeast-3"] = "Asia Pacific (Osaka)",
        ["ap-southeast-1"] = "Asia Pacific (Singapore)",
        ["ap-southeast-2"] = "Asia Pacific (Sydney)",
        ["ap-south-1"] = "Asia Pacific (Mumbai)",
        ["ap-east-1"] = "Asia Pacific (Hong Kong)",
        ["sa-east-1"] = "South America (Sao Paulo)",
        ["me-south-1"] = "Middle East (Bahrain)",
        ["af-south-1"] = "Africa (Cape Town)",
    };

    /// <summary>The region's long name; the code itself for a region not in the list.</summary>
    public static string LongName(string region) => Names.GetValueOrDefault(region, region);
}
