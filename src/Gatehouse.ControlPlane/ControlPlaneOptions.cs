namespace Gatehouse.ControlPlane;

public sealed record ControlPlaneOptions
{
    public string Region { get; init; } = "us-east-1";
    public string AccountId { get; init; } = "000000000000";
}
