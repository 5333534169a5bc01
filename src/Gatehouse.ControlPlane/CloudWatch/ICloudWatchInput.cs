namespace Gatehouse.ControlPlane.CloudWatch;

/// <summary>
/// A CloudWatch request's members, whichever protocol carried them: the query protocol's flattened form
/// (<c>MetricData.member.1.Dimensions.member.1.Name</c>) or an awsJson object. Values of the wrong type are answered
/// with an AWS error naming the member (<see cref="PathOf"/>, in the query protocol's spelling).
/// </summary>
internal interface ICloudWatchInput
{
    /// <summary>The full name of a member, for messages: <c>MetricData.member.2.Value</c>.</summary>
    string PathOf(string name);

    bool Has(string name);

    string? String(string name);

    double? Double(string name);

    int? Int(string name);

    bool? Bool(string name);

    DateTimeOffset? Timestamp(string name);

    /// <summary>A list of strings; null when the member is absent.</summary>
    IReadOnlyList<string>? StringList(string name);

    /// <summary>A list of numbers; null when the member is absent.</summary>
    IReadOnlyList<double>? DoubleList(string name);

    /// <summary>A list of structures; null when the member is absent.</summary>
    IReadOnlyList<ICloudWatchInput>? List(string name);

    /// <summary>A structure; null when the member is absent.</summary>
    ICloudWatchInput? Structure(string name);
}
