namespace Gatehouse.ControlPlane.CloudWatch;

/// <summary>
/// Writes a CloudWatch answer's members in the protocol the request came in: query XML (lists of <c>member</c>
/// elements, maps of <c>entry</c>, ISO 8601 times) or awsJson (arrays, objects, epoch seconds). Null values are left out.
/// </summary>
internal interface IShapeWriter
{
    void String(string name, string? value);

    void Number(string name, double? value);

    void Int(string name, int? value);

    void Bool(string name, bool? value);

    void Timestamp(string name, DateTimeOffset? value);

    void Structure(string name, Action<IShapeWriter> writeMembers);

    /// <summary>A list of structures.</summary>
    void List<T>(string name, IEnumerable<T> items, Action<IShapeWriter, T> writeMember);

    void StringList(string name, IEnumerable<string> items);

    void NumberList(string name, IEnumerable<double> items);

    void TimestampList(string name, IEnumerable<DateTimeOffset> items);

    /// <summary>A map of strings to numbers (GetMetricStatistics' <c>ExtendedStatistics</c>).</summary>
    void NumberMap(string name, IEnumerable<KeyValuePair<string, double>> entries);
}
